package io.specops.worker;

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
    app.setDefaultProperties(embeddedServerIfNoTarget(args));
    app.run(args);
  }

  /** Without a Temporal target, start the test server on a port and point the worker at it. */
  static Map<String, Object> embeddedServerIfNoTarget(String[] args) {
    Map<String, Object> defaults = new HashMap<>();
    String target = value(args, "--spring.temporal.connection.target");
    if (target == null) {
      target = System.getenv("TEMPORAL_ADDRESS");
      if (target != null && !target.isBlank()) {
        defaults.put("spring.temporal.connection.target", target);
        defaults.put("spring.temporal.test-server.enabled", "false");
        return defaults;
      }
      String port = value(args, "--specops.embedded-port");
      target = EmbeddedTemporal.start(port == null ? 7233 : Integer.parseInt(port));
      defaults.put("spring.temporal.connection.target", target);
      defaults.put("spring.temporal.test-server.enabled", "false");
      defaults.put("specops.embedded-temporal", "true");
    } else {
      defaults.put("spring.temporal.test-server.enabled", "false");
    }
    return defaults;
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
