package io.specops.evidence;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in a log line before it goes anywhere (a report, the audit trail,
 * a webhook): values after password/token/secret/api_key-like keys, bearer and basic credentials,
 * AWS access keys, private key blocks, credentials in URLs.
 */
public final class SecretMask {
  private static final List<Pattern> VALUES =
      List.of(
          Pattern.compile(
              "(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|\\S+)"),
          Pattern.compile("(?i)(authorization\\s*[=:]\\s*(?:bearer|basic)\\s+)(\\S+)"),
          Pattern.compile("(?i)((?:bearer)\\s+)([A-Za-z0-9._~+/=-]{8,})"),
          Pattern.compile("(://[^/\\s:@]+:)([^@\\s/]+)(@)"));
  private static final Pattern AWS_KEY = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)");

  private SecretMask() {}

  public static String mask(String line) {
    String out = PRIVATE_KEY.matcher(line).replaceAll("***private key***");
    out = AWS_KEY.matcher(out).replaceAll("***");
    for (Pattern p : VALUES) {
      out =
          p.matcher(out)
              .replaceAll(
                  m ->
                      Matcher.quoteReplacement(
                          m.group(1)
                              + "***"
                              + (m.groupCount() >= 3 && m.group(3) != null ? m.group(3) : "")));
    }
    return out;
  }
}
