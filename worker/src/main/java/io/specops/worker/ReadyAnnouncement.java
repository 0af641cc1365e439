package io.specops.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One line once the worker polls: where it is connected, what it manages, where its API listens.
 */
@Component
@ConditionalOnProperty(name = "specops.mode", havingValue = "worker", matchIfMissing = true)
class ReadyAnnouncement {
  static final String READY = "SpecOps worker ready";
  private static final Logger log = LoggerFactory.getLogger(ReadyAnnouncement.class);

  @EventListener(ApplicationReadyEvent.class)
  void announce(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    int port =
        event.getApplicationContext() instanceof WebServerApplicationContext web
            ? web.getWebServer().getPort()
            : -1;
    log.info(
        "{}: task queue {} on Temporal {}, cluster {}, REST and dashboard on port {}",
        READY,
        env.getProperty("specops.task-queue", "specops"),
        // address, namespace and how it authenticates; never a secret
        env.getProperty(
            "specops.temporal-connection",
            env.getProperty("spring.temporal.connection.target")
                + " namespace "
                + env.getProperty("spring.temporal.namespace", "default")),
        env.getProperty("specops.cluster", "simulated"),
        port);
  }
}
