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
    String[] entries = spec.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String pair = entries[i];
      int colon = pair.indexOf(':');
      String principal = colon < 0 ? "" : pair.substring(0, colon).trim();
      String token = colon < 0 ? "" : pair.substring(colon + 1).trim();
      // the entry is named by its place and principal, never by its token
      String entry = "specops.api.tokens: entry " + (i + 1);
      if (principal.isEmpty() || token.isEmpty()) {
        throw new BadSetting(
            entry
                + " must be principal:token, with neither part empty (a comma-separated list:"
                + " alice:TOKEN,carol:TOKEN2)");
      }
      byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
      if (tokenByPrincipal.containsKey(principal)) {
        throw new BadSetting(entry + " names " + principal + " a second time");
      }
      for (Map.Entry<String, byte[]> e : tokenByPrincipal.entrySet()) {
        if (MessageDigest.isEqual(e.getValue(), bytes)) {
          // one token for two principals would make the audit trail name the wrong approver
          throw new BadSetting(entry + " (" + principal + ") has the same token as " + e.getKey());
        }
      }
      tokenByPrincipal.put(principal, bytes);
    }
  }

  boolean configured() {
    return !tokenByPrincipal.isEmpty();
  }

  /** The principal a presented token belongs to. */
  Optional<String> principal(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
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
