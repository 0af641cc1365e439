package io.specops.worker;

import io.specops.watch.WatchActivitiesImpl;
import io.temporal.worker.WorkerFactory;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On stop (Ctrl-C, SIGTERM from Kubernetes), stop polling for new tasks and let the activities
 * already running finish, up to 30 s; Temporal retries anything cut off after that. The watches,
 * which would run to the end of their lease, hand their progress back at once instead.
 */
@Component
class GracefulShutdown {
  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
  private final WorkerFactory workers;
  private final WatchActivitiesImpl watches;

  GracefulShutdown(WorkerFactory workers, WatchActivitiesImpl watches) {
    this.workers = workers;
    this.watches = watches;
  }

  @PreDestroy
  void drain() throws InterruptedException {
    if (workers.isStarted() && !workers.isShutdown()) {
      log.debug("stopping: no new tasks; waiting up to 30s for running activities");
      workers.shutdown();
      watches.drain();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
