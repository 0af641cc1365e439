package io.specops.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The one JSON mapping SpecOps uses everywhere a user reads JSON: the audit log, the CLI's {@code
 * --json}, and Temporal payloads (so {@code temporal workflow show} and {@code temporal workflow
 * signal --input} speak the same snake_case as the seeds).
 */
public final class Json {

  private static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A fresh JSON mapper with SpecOps' settings. */
  public static ObjectMapper newMapper() {
    return configure(JsonMapper.builder()).build();
  }

  /** SpecOps' settings on any mapper builder (JSON, YAML). */
  public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    SimpleModule durations = new SimpleModule("specops-durations");
    durations.addSerializer(Duration.class, new HumanDurationSerializer());
    durations.addDeserializer(Duration.class, new HumanDurationDeserializer());
    return builder
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        // registered after JavaTimeModule so that "60s" wins over "PT1M"
        .addModule(durations)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // '{"decision": "approve"} trailing' is malformed, not an approval (found by the REST fuzz)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .serializationInclusion(JsonInclude.Include.NON_NULL);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writePretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
