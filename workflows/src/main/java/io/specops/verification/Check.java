package io.specops.verification;

/** One verification check in seed 001 Step 8's shape. */
public record Check(
    String check, Object expected, Object actual, CheckStatus status, String improvement) {
  public boolean passed() {
    return status == CheckStatus.PASSED;
  }
}
