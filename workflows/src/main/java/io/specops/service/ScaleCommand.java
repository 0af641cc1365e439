package io.specops.service;

/**
 * The payload of the scale signal: a manual request for N replicas, which goes through governance.
 */
public record ScaleCommand(int replicas, String requestedBy, String reason) {}
