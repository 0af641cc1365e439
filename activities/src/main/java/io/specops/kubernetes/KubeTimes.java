package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times as the Kubernetes API writes them (RFC 3339), and when an Event was last seen. */
public final class KubeTimes {
  private KubeTimes() {}

  /** The instant, or null when there is none or it does not parse. */
  public static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /**
   * When the Event last happened: lastTimestamp (core/v1 Events), else eventTime (events.k8s.io
   * writers), else its creation.
   */
  public static Instant lastSeen(Event e) {
    return instant(
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() != null
                ? e.getEventTime().getTime()
                : e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp());
  }
}
