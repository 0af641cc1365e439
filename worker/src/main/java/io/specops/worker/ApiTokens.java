package io.specops.worker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The REST API's bearer tokens and the principal each stands for. Compared in constant time; never
 * logged, never returned.
 */
@Component
final class ApiTokens {
  private final Map<String, byte[]> tokenByPrincipal = new LinkedHashMap<>();

  ApiTokens(SpecopsProperties properties) {
    String spec = properties.api().tokens();
    if (spec == null || spec.isBlank()) {
      return;
    }
    for (String pair : spec.split(",")) {
      int colon = pair.indexOf(':');
      if (colon <= 0 || colon == pair.length() - 1) {
        throw new IllegalArgumentException(
            "specops.api.tokens: each entry is principal:token (an entry has no colon)");
      }
      tokenByPrincipal.put(
          pair.substring(0, colon).trim(),
          pair.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8));
    }
  }

  boolean configured() {
    return !tokenByPrincipal.isEmpty();
  }

  /** The principal a presented token belongs to. */
  Optional<String> principal(String presented) {
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    String match = null;
    for (Map.Entry<String, byte[]> e : tokenByPrincipal.entrySet()) {
      if (MessageDigest.isEqual(e.getValue(), given)) {
        match = e.getKey();
      }
    }
    return Optional.ofNullable(match);
  }
}
