package io.specops.worker;

import io.temporal.worker.WorkerFactory;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On stop (Ctrl-C, SIGTERM from Kubernetes), stop polling for new tasks and let the activities
 * already running finish, up to 30 s; Temporal retries anything cut off after that.
 */
@Component
class GracefulShutdown {
  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
  private final WorkerFactory workers;

  GracefulShutdown(WorkerFactory workers) {
    this.workers = workers;
  }

  @PreDestroy
  void drain() throws InterruptedException {
    if (workers.isStarted() && !workers.isShutdown()) {
      log.debug("stopping: no new tasks; waiting up to 30s for running activities");
      workers.shutdown();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
