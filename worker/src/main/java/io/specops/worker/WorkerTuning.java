package io.specops.worker;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place the Temporal worker is tuned ({@code specops.worker.*}); the worker and {@code
 * specops bench} both apply it, and docs/scaling.md has the measurements behind the defaults. A
 * field left out takes the default below.
 *
 * @param workflowCacheSize workflows kept in memory between tasks. Default 2000, not the SDK's 600:
 *     every service is a workflow that wakes every interval, and one that was evicted is replayed
 *     from its whole history on its next task. Size it above the number of services.
 * @param maxWorkflowThreads threads for cached workflows when platform threads are used (the SDK
 *     default 600 caps the cache in effect); unused with virtual threads.
 * @param virtualWorkflowThreads each cached workflow holds a thread while it waits on a timer;
 *     virtual threads make that nearly free (JDK 21+).
 * @param workflowTaskPollers concurrent workflow task polls (SDK default 5).
 * @param activityTaskPollers concurrent activity task polls (SDK default 5). Idle evaluations are
 *     local activities and need none; operations are rare.
 * @param stickyScheduleToStart how long a workflow task waits on this worker's sticky queue before
 *     the server hands it to any worker (SDK default 5 s); 0 turns sticky execution off. Temporal's
 *     Java test server never moves a task off a dead worker's sticky queue, so a worker that can be
 *     killed while a standalone test server runs on needs 0.
 */
@ConfigurationProperties(prefix = "specops.worker")
public record WorkerTuning(
    Integer workflowCacheSize,
    Integer maxWorkflowThreads,
    Boolean virtualWorkflowThreads,
    Integer workflowTaskPollers,
    Integer activityTaskPollers,
    Duration stickyScheduleToStart) {

  public WorkerTuning {
    workflowCacheSize = workflowCacheSize != null ? workflowCacheSize : 2000;
    maxWorkflowThreads = maxWorkflowThreads != null ? maxWorkflowThreads : 2000;
    virtualWorkflowThreads = virtualWorkflowThreads != null ? virtualWorkflowThreads : true;
    workflowTaskPollers = workflowTaskPollers != null ? workflowTaskPollers : 8;
    activityTaskPollers = activityTaskPollers != null ? activityTaskPollers : 2;
    stickyScheduleToStart =
        stickyScheduleToStart != null ? stickyScheduleToStart : Duration.ofSeconds(5);
  }

  /** SpecOps' defaults. */
  public static WorkerTuning defaults() {
    return new WorkerTuning(null, null, null, null, null, null);
  }

  /** What the Temporal Java SDK does untuned: the "before" of docs/scaling.md. */
  public static WorkerTuning sdkDefaults() {
    return new WorkerTuning(600, 600, false, 5, 5, Duration.ofSeconds(5));
  }

  public WorkerFactoryOptions.Builder apply(WorkerFactoryOptions.Builder factory) {
    return factory
        .setWorkflowCacheSize(workflowCacheSize)
        .setMaxWorkflowThreadCount(maxWorkflowThreads)
        .setUsingVirtualWorkflowThreads(virtualWorkflowThreads);
  }

  public WorkerOptions.Builder apply(WorkerOptions.Builder worker) {
    return worker
        .setMaxConcurrentWorkflowTaskPollers(workflowTaskPollers)
        .setMaxConcurrentActivityTaskPollers(activityTaskPollers)
        .setStickyQueueScheduleToStartTimeout(stickyScheduleToStart);
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    @Bean
    TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> specopsWorkerFactoryOptions(
        WorkerTuning tuning) {
      return tuning::apply;
    }

    @Bean
    WorkerOptionsCustomizer specopsWorkerOptions(WorkerTuning tuning) {
      return (WorkerOptions.Builder options, String workerName, String taskQueue) ->
          tuning.apply(options);
    }
  }
}
