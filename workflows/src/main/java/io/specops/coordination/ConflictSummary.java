package io.specops.coordination;

import java.time.Instant;
import java.util.List;

/** A resolved conflict, as the fleet status lists it. */
public record ConflictSummary(
    String conflictId,
    Instant at,
    String type,
    List<String> executed,
    List<String> deferred,
    String rationale) {}
