package io.specops.worker;

import io.specops.connection.ConnectionCheck;
import io.specops.connection.ConnectionException;
import io.specops.connection.ConnectionSettings;
import io.specops.connection.TemporalConnection;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The SpecOps worker: a Temporal worker for the {@code specops} task queue, with the REST API,
 * dashboard and metrics. With no Temporal target it runs the embedded default: Temporal's Java test
 * server (in-process and time-skipping for the demo; on a local port for a long-running worker) and
 * a simulated cluster.
 */
@SpringBootApplication
@EnableConfigurationProperties({SpecopsProperties.class, WorkerTuning.class})
public class WorkerApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(WorkerApplication.class);
    if (has(args, "--specops.mode=demo")) {
      // the demo prints its own report and exits; it needs no web server
      app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
      app.setAdditionalProfiles("demo");
      System.exit(SpringApplication.exit(app.run(args)));
    }
    // before Spring configures logging, logback's default prints the SDK's INFO lines around the
    // connection check; the worker's own settings apply once Spring starts
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    try {
      app.setDefaultProperties(embeddedServerIfNoTarget(args));
    } catch (ConnectionException e) {
      // one line naming the cause and the setting; nothing has started
      System.err.println("specops worker: " + e.getMessage());
      System.exit(2);
    }
    try {
      app.run(args);
    } catch (RuntimeException e) {
      EmbeddedTemporal.closeAll(); // its threads would keep a worker that failed to start alive
      throw e;
    }
  }

  /**
   * Where the worker's Temporal is: a target given as an argument, else Temporal's environment
   * configuration (TEMPORAL_ADDRESS, a temporal.toml profile), checked with one round trip before
   * anything starts; with none of them, the test server started on a local port.
   */
  static Map<String, Object> embeddedServerIfNoTarget(String[] args) {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("spring.temporal.test-server.enabled", "false");
    String target = value(args, "--spring.temporal.connection.target");
    if (target == null) {
      target = System.getenv("SPRING_TEMPORAL_CONNECTION_TARGET");
    }
    TemporalConnection connection =
        TemporalConnection.resolve(
            ConnectionSettings.NONE
                .withAddress(target == null || target.isBlank() ? null : target)
                .withNamespace(value(args, "--spring.temporal.namespace")));
    if (connection.address() == null) {
      String port = value(args, "--specops.embedded-port");
      defaults.put(
          "spring.temporal.connection.target",
          EmbeddedTemporal.start(port == null ? 7233 : Integer.parseInt(port)));
      defaults.put("spring.temporal.namespace", "default");
      defaults.put("specops.embedded-temporal", "true");
      return defaults;
    }
    awaitTemporal(connection, TEMPORAL_WAIT);
    defaults.put("spring.temporal.connection.target", connection.address());
    defaults.put("spring.temporal.namespace", connection.namespace());
    defaults.put("specops.temporal-connection", connection.summary());
    defaults.put("specops.embedded-temporal", "false");
    return defaults;
  }

  /** How long a starting worker waits for a Temporal that is not up yet (compose, a rollout). */
  private static final Duration TEMPORAL_WAIT = Duration.ofMinutes(2);

  /**
   * One round trip before anything starts. Wrong settings or refused credentials end the start at
   * once; a server that does not answer yet is waited for, as the starter's own client would.
   */
  static void awaitTemporal(TemporalConnection connection, Duration wait) {
    Instant deadline = Instant.now().plus(wait);
    Instant nextNotice = Instant.now();
    while (true) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(connection.stubsOptions().build());
      try {
        ConnectionCheck.verify(stubs, connection);
        return;
      } catch (ConnectionException e) {
        if (e.kind() != ConnectionException.Kind.UNREACHABLE || Instant.now().isAfter(deadline)) {
          throw e;
        }
        if (!Instant.now().isBefore(nextNotice)) {
          System.err.println("specops worker: waiting for Temporal: " + e.getMessage());
          nextNotice = Instant.now().plusSeconds(15);
        }
      } finally {
        stubs.shutdownNow();
      }
      try {
        Thread.sleep(2000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new ConnectionException(ConnectionException.Kind.UNREACHABLE, "interrupted");
      }
    }
  }

  static boolean has(String[] args, String flag) {
    for (String arg : args) {
      if (arg.equals(flag)) {
        return true;
      }
    }
    return false;
  }

  static String value(String[] args, String name) {
    List<String> found = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith(name + "=")) {
        found.add(arg.substring(name.length() + 1));
      }
    }
    return found.isEmpty() ? null : found.get(found.size() - 1);
  }
}
