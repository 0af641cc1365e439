package io.specops.prediction;

/**
 * Something to change about a service (seed 002's cost and health recommendations): its kind
 * (downsize, right_size_cpu, right_size_memory, errors, capacity), priority 1 (low) to 5 (high),
 * what to do, why, and the estimated saving of requested resources, if any.
 */
public record Recommendation(
    String service,
    String kind,
    int priority,
    String action,
    String rationale,
    Integer estimatedSavingsPercent) {}
