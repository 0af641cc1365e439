package io.specops.kubernetes;

import java.time.Instant;

/**
 * A workload's replica counts as the Kubernetes API reports them, and why its pods do not come when
 * its controller says so ({@code problem}: a Deployment's ReplicaFailure or failed Progressing
 * condition, e.g. a ResourceQuota that refuses new pods; null when there is none, and in histories
 * recorded before the field). {@code provisioning} says its pods wait for a node a cluster
 * autoscaler is adding (null otherwise, and in histories recorded before the field).
 */
public record WorkloadState(
    int desiredReplicas,
    int readyReplicas,
    int updatedReplicas,
    String resourceVersion,
    Instant observedAt,
    String problem,
    String provisioning) {

  public WorkloadState(
      int desiredReplicas,
      int readyReplicas,
      int updatedReplicas,
      String resourceVersion,
      Instant observedAt,
      String problem) {
    this(
        desiredReplicas,
        readyReplicas,
        updatedReplicas,
        resourceVersion,
        observedAt,
        problem,
        null);
  }

  public WorkloadState(
      int desiredReplicas,
      int readyReplicas,
      int updatedReplicas,
      String resourceVersion,
      Instant observedAt) {
    this(desiredReplicas, readyReplicas, updatedReplicas, resourceVersion, observedAt, null, null);
  }

  /**
   * An operation's pods are there: the workload still asks for {@code target} and at least that
   * many pods are ready. More may be: during a rollout the Deployment counts the old pods and the
   * new ones its surge adds (maxSurge) in readyReplicas until the old are gone, and they all serve.
   */
  public boolean reached(int target) {
    return desiredReplicas == target && readyReplicas >= target;
  }

  /**
   * Someone else set the replicas after the operation did (kubectl scale, a deploy pipeline): the
   * workload no longer asks for {@code target}. Right after SpecOps' own write the API returns its
   * spec, so a difference is never SpecOps' own change still in flight.
   */
  public boolean changedFrom(int target) {
    return desiredReplicas != target;
  }
}
