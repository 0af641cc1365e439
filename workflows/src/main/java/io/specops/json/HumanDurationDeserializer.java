package io.specops.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.specops.blueprint.Quantities;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Reads "60s", "5m", "200ms", ISO-8601 ("PT1M"), or a number of seconds. */
final class HumanDurationDeserializer extends StdDeserializer<Duration> {
  HumanDurationDeserializer() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
        || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
      return Duration.ofMillis(Math.round(p.getDoubleValue() * 1000));
    }
    String text = p.getValueAsString();
    if (text == null) {
      return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
    }
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text);
      }
      return Quantities.parseDuration(text);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
    }
  }
}
