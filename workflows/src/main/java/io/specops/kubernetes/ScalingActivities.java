package io.specops.kubernetes;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/** Changes and reads workloads through the Kubernetes API. */
@ActivityInterface
public interface ScalingActivities {

  /** Sets the replicas; idempotent per operation id; refuses targets outside [min, max]. */
  @ActivityMethod(name = "Scale")
  ScaleResult scale(ScaleRequest request);

  @ActivityMethod(name = "ReadWorkload")
  WorkloadState readWorkload(WorkloadRef workload);

  /**
   * The operation SpecOps last wrote to the workload: after a scale call that went unanswered, says
   * whether its write landed anyway.
   */
  @ActivityMethod(name = "LastWrite")
  LastWrite lastWrite(WorkloadRef workload);

  /**
   * Waits, heart-beating, until the workload's desired and ready replicas are {@code target} or
   * {@code timeout} passes; returns the last reading (one activity instead of a poll loop of
   * activities and timers).
   */
  @ActivityMethod(name = "AwaitReady")
  WorkloadState awaitReady(WorkloadRef workload, int target, Duration timeout, Duration settle);
}
