package io.specops.verification;

/** One verification check in seed 001 Step 8's shape. */
public record Check(
    String check, Object expected, Object actual, String status, String improvement) {
  public boolean passed() {
    return "passed".equals(status);
  }
}
