package io.specops.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import io.specops.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads scenarios from a file or from the built-in ones (seed-001, seed-001-conflict, incident,
 * quota).
 */
public final class ScenarioLoader {
  private static final ObjectMapper YAML =
      Json.configure(YAMLMapper.builder())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ScenarioLoader() {}

  /** A path to a YAML file, or the name of a built-in scenario. */
  public static Scenario load(String fileOrName) {
    Path path = Path.of(fileOrName);
    if (Files.isRegularFile(path)) {
      try (InputStream in = Files.newInputStream(path)) {
        return read(in, fileOrName);
      } catch (IOException e) {
        throw new UncheckedIOException(fileOrName + ": " + e.getMessage(), e);
      }
    }
    try (InputStream in =
        ScenarioLoader.class.getResourceAsStream("/scenarios/" + fileOrName + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no scenario file or built-in scenario named \""
                + fileOrName
                + "\" (built-in: seed-001, seed-001-conflict, incident, quota)");
      }
      return read(in, fileOrName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Scenario parse(String yaml, String name) {
    try {
      return validate(YAML.readValue(yaml, Scenario.class), name);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          name + ": unknown field \"" + e.getPropertyName() + "\" at " + e.getPathReference());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(name + ": " + e.getOriginalMessage());
    }
  }

  private static Scenario read(InputStream in, String name) throws IOException {
    return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), name);
  }

  private static Scenario validate(Scenario s, String name) {
    if (s.services() == null || s.services().isEmpty()) {
      throw new IllegalArgumentException(name + ": a scenario needs at least one service");
    }
    for (Scenario.Service svc : s.services()) {
      if (svc.name() == null) {
        throw new IllegalArgumentException(name + ": every service needs a name");
      }
      if (svc.load() == null) {
        throw new IllegalArgumentException(name + ": services." + svc.name() + ".load is missing");
      }
    }
    for (Scenario.Quota q : s.quotasOrNone()) {
      if (q.name() == null || q.hard() == null || q.hard().isEmpty()) {
        throw new IllegalArgumentException(
            name + ": every quota needs a name and hard limits (e.g. {requests.cpu: 500m})");
      }
      q.hard()
          .forEach(
              (resource, amount) -> {
                try {
                  Quantity.getAmountInBytes(new Quantity(amount));
                } catch (IllegalArgumentException | ArithmeticException e) {
                  throw new IllegalArgumentException(
                      name
                          + ": quotas."
                          + q.name()
                          + ".hard."
                          + resource
                          + " is not a quantity: \""
                          + amount
                          + "\"");
                }
              });
    }
    return s;
  }
}
