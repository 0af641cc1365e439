package io.specops.testing;

/**
 * The seed of a fuzz test: fixed, so a run repeats the last one, unless {@code
 * -Dspecops.fuzz.seed=N} asks for another (to explore, or to repeat a seed a run printed).
 */
public final class FuzzSeed {
  public static final String PROPERTY = "specops.fuzz.seed";

  private FuzzSeed() {}

  public static long of(String test, long fixed) {
    String asked = System.getProperty(PROPERTY);
    long seed;
    try {
      seed = asked == null || asked.isBlank() ? fixed : Long.parseLong(asked.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be a whole number, not \"" + asked + "\"", e);
    }
    System.out.printf("%s: seed %d (-D%s=%d repeats it)%n", test, seed, PROPERTY, seed);
    return seed;
  }
}
