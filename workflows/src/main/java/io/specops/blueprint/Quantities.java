package io.specops.blueprint;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the units blueprints use: percentages ("80%" or 0.8), CPU ("50m", "0.5"),
 * memory ("128Mi", "1Gi", "512M") and durations ("200ms", "60s", "5m", "1h30m"). Every parse
 * failure is an {@link IllegalArgumentException} whose message says what a valid value looks like.
 */
public final class Quantities {

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?");

  private Quantities() {}

  /** "80%" -> 0.8; "0.8" -> 0.8. A bare number above 1 is refused: it is ambiguous. */
  public static double parseFraction(String text) {
    String s = text.trim();
    if (s.endsWith("%")) {
      String number = s.substring(0, s.length() - 1).trim();
      if (!NUMBER.matcher(number).matches()) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a percentage (write 80% or 0.8)");
      }
      return new BigDecimal(number).movePointLeft(2).doubleValue();
    }
    if (!NUMBER.matcher(s).matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a percentage (write 80% or 0.8)");
    }
    double value = Double.parseDouble(s);
    if (value > 1.0) {
      throw new IllegalArgumentException(
          s
              + " is not a fraction (write "
              + stripZeros(value)
              + "% or "
              + stripZeros(value / 100)
              + ")");
    }
    return value;
  }

  /** "50m" -> 50; "0.5" -> 500; "2" -> 2000 (millicores). */
  public static long parseCpuMillis(String text) {
    // not trimmed: Kubernetes refuses " 50m" too (docs/blueprint.md)
    String s = text;
    try {
      if (s.endsWith("m")) {
        String number = s.substring(0, s.length() - 1);
        if (number.matches("\\d+")) {
          return Long.parseLong(number);
        }
      } else if (NUMBER.matcher(s).matches() && !s.contains("e") && !s.contains("E")) {
        return new BigDecimal(s)
            .movePointRight(3)
            .setScale(0, java.math.RoundingMode.HALF_UP)
            .longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "\""
            + text
            + "\" is not a CPU quantity (write millicores like \"50m\" or cores like \"0.5\")");
  }

  /** "128Mi" -> 134217728; "512M" -> 512000000; "1024" -> 1024 bytes. */
  public static long parseMemoryBytes(String text) {
    Matcher m = MEMORY.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a memory quantity (write \"128Mi\", \"1Gi\", \"512M\" or bytes)");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    long multiplier =
        switch (unit) {
          case "" -> 1L;
          case "k" -> 1000L;
          case "M" -> 1000L * 1000;
          case "G" -> 1000L * 1000 * 1000;
          case "T" -> 1000L * 1000 * 1000 * 1000;
          case "Ki" -> 1024L;
          case "Mi" -> 1024L * 1024;
          case "Gi" -> 1024L * 1024 * 1024;
          case "Ti" -> 1024L * 1024 * 1024 * 1024;
          default -> throw new IllegalStateException(unit);
        };
    return value
        .multiply(BigDecimal.valueOf(multiplier))
        .setScale(0, java.math.RoundingMode.HALF_UP)
        .longValue();
  }

  /** "200ms", "60s", "5m", "1h30m", "1d" -> Duration. A bare number is refused: say the unit. */
  public static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration (write 200ms, 60s, 5m or 1h)");
    }
    if (NUMBER.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has no unit (write " + s + "ms, " + s + "s or " + s + "m)");
    }
    Matcher m = DURATION_PART.matcher(s);
    int position = 0;
    double millis = 0;
    while (m.find()) {
      if (m.start() != position) {
        break;
      }
      double amount = Double.parseDouble(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            case "d" -> amount * 86_400_000;
            default -> throw new IllegalStateException(m.group(2));
          };
      position = m.end();
    }
    if (position != s.length() || position == 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration (write 200ms, 60s, 5m or 1h)");
    }
    return Duration.ofMillis(Math.round(millis));
  }

  /** 0.815 -> "81.5%"; 0.8 -> "80%". */
  public static String formatPercent(double fraction) {
    return stripZeros(Math.round(fraction * 1000) / 10.0) + "%";
  }

  /** 50 -> "50m"; 1500 -> "1500m". */
  public static String formatCpu(long millis) {
    return millis + "m";
  }

  /** 134217728 -> "128Mi"; 300 * 2^20 -> "300Mi"; other values in the largest exact binary unit. */
  public static String formatMemory(long bytes) {
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    long[] sizes = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < units.length; i++) {
      if (bytes != 0 && bytes % sizes[i] == 0) {
        return (bytes / sizes[i]) + units[i];
      }
    }
    if (Math.abs(bytes) >= 1L << 20) {
      return stripZeros(Math.round(bytes * 10.0 / (1L << 20)) / 10.0) + "Mi";
    }
    return Long.toString(bytes);
  }

  /** Duration -> "200ms", "60s", "5m", "1h30m". */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    String sign = ms < 0 ? "-" : "";
    ms = Math.abs(ms);
    if (ms % 1000 != 0) {
      return sign + ms + "ms";
    }
    long seconds = ms / 1000;
    if (seconds < 60 || seconds % 60 != 0 && seconds < 600) {
      return sign + seconds + "s";
    }
    StringBuilder out = new StringBuilder(sign);
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (rest > 0) {
      out.append(rest).append('s');
    }
    return out.toString();
  }

  /** Milliseconds as a short human string: "2.1s", "350ms", "5m". */
  public static String formatElapsed(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return stripZeros(Math.round(ms / 100.0) / 10.0) + "s";
    }
    return formatDuration(Duration.ofSeconds(Math.round(ms / 1000.0)));
  }

  static String stripZeros(double value) {
    BigDecimal bd = BigDecimal.valueOf(value).stripTrailingZeros();
    return bd.scale() < 0 ? bd.setScale(0).toPlainString() : bd.toPlainString();
  }
}
