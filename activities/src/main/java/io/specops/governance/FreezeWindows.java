package io.specops.governance;

import io.specops.blueprint.Blueprint.FreezeWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Weekly change-freeze windows in UTC; a window belongs to the day it starts and may cross
 * midnight.
 */
final class FreezeWindows {
  private FreezeWindows() {}

  static int activeIndex(List<FreezeWindow> windows, Instant now) {
    LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    for (int i = 0; i < windows.size(); i++) {
      if (covers(windows.get(i), t)) {
        return i;
      }
    }
    return -1;
  }

  static boolean covers(FreezeWindow w, LocalDateTime t) {
    for (int daysBack = 0; daysBack <= 1; daysBack++) {
      LocalDateTime day = t.toLocalDate().minusDays(daysBack).atStartOfDay();
      if (!w.days().contains(day.getDayOfWeek())) {
        continue;
      }
      LocalDateTime start = day.with(w.start());
      LocalDateTime end = day.with(w.end());
      if (!end.isAfter(start)) {
        end = end.plusDays(1);
      }
      if (!t.isBefore(start) && t.isBefore(end)) {
        return true;
      }
    }
    return false;
  }

  static String describe(FreezeWindow w) {
    String days =
        w.days().size() == 7
            ? "every day"
            : w.days().stream()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    return days
        + " "
        + w.start()
        + "-"
        + w.end()
        + " UTC"
        + (w.reason() == null ? "" : " (" + w.reason() + ")");
  }
}
