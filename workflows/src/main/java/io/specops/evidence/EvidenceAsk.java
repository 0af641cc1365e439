package io.specops.evidence;

/**
 * An on-demand request for evidence ({@code specops evidence}, {@code POST .../trigger-rca}): why,
 * and who asks.
 */
public record EvidenceAsk(String reason, String requestedBy) {}
