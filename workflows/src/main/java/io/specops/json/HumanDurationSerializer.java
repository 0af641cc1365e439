package io.specops.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.specops.blueprint.Quantities;
import java.io.IOException;
import java.time.Duration;

/** Writes durations the way blueprints spell them ("60s", "5m", "200ms"). */
final class HumanDurationSerializer extends StdSerializer<Duration> {
  HumanDurationSerializer() {
    super(Duration.class);
  }

  @Override
  public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(Quantities.formatDuration(value));
  }
}
