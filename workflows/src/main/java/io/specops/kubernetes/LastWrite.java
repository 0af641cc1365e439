package io.specops.kubernetes;

/**
 * The last operation SpecOps wrote to a workload, as the workload's annotations say: its id ({@code
 * specops.io/operation-id}, null when SpecOps never wrote it), the replicas before it ({@code
 * specops.io/previous-replicas}, null when not recorded), and the replicas and resourceVersion now.
 */
public record LastWrite(
    String operationId, Integer previousReplicas, int replicas, String resourceVersion) {}
