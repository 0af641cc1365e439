package io.specops.cli;

import io.specops.blueprint.Quantities;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters in the blueprint's units, with the blueprint's error messages. */
final class Converters {
  private Converters() {}

  static final class Fraction implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return Quantities.parseFraction(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class HumanDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Quantities.parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
