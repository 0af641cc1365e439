package io.specops.worker;

import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Temporal worker options the Spring starter has no property for ({@code specops.worker.*}). The
 * ones it does have (workflow cache, virtual threads, pollers) are under {@code spring.temporal} in
 * application.yaml, with their reasons beside them.
 *
 * @param stickyScheduleToStart how long a workflow task waits on this worker's sticky queue before
 *     the server hands it to any worker; 0 turns sticky execution off. Temporal's Java test server
 *     never moves a task off a dead worker's sticky queue, so a worker that can be killed while
 *     running against a standalone test server needs 0 (the crash drill does this); the real
 *     server moves it after this timeout.
 */
@ConfigurationProperties(prefix = "specops.worker")
record WorkerTuning(@DefaultValue("5s") Duration stickyScheduleToStart) {

  @Configuration(proxyBeanMethods = false)
  static class Customizer {
    @Bean
    WorkerOptionsCustomizer specopsWorkerOptions(WorkerTuning tuning) {
      return (WorkerOptions.Builder options, String workerName, String taskQueue) ->
          options.setStickyQueueScheduleToStartTimeout(tuning.stickyScheduleToStart());
    }
  }
}
