package io.specops.json;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * Temporal's default converter with SpecOps' JSON mapping, so workflow inputs, signals and query
 * results are the same snake_case JSON a user types into {@code temporal workflow signal --input}.
 * Worker, CLI and tests must all use it.
 */
public final class SpecopsDataConverter {
  private static final DataConverter INSTANCE =
      DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(Json.newMapper()));

  private SpecopsDataConverter() {}

  public static DataConverter get() {
    return INSTANCE;
  }
}
