package io.specops.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The evidence request of a rolled-back scale of Deployment web in shop, for the tests. */
final class TestEvidenceRequests {
  private TestEvidenceRequests() {}

  static EvidenceRequest webRolledBack(Instant at, Duration window, int maxLogLines) {
    return new EvidenceRequest(
        "ev-1",
        "web",
        "shop",
        "Deployment",
        "web",
        "rolled_back",
        "dec-1",
        at,
        window,
        maxLogLines,
        List.of(),
        null,
        null,
        null,
        null);
  }
}
