package io.specops.coordination;

/**
 * A service tells its coordinator where a granted operation is: {@code executed} (the scale call
 * went through, so the cluster now counts the new pods' requests) or {@code finished} (verified,
 * rolled back or failed: the in-flight slot is free).
 */
public record OperationEvent(String service, String decisionId, String phase, String outcome) {}
