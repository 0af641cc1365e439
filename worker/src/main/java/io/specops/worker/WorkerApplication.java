package io.specops.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The SpecOps worker: a Temporal worker for the {@code specops} task queue, with the REST API,
 * dashboard and metrics. With no Temporal target it runs the embedded default: Temporal's Java
 * test server in-process and a simulated cluster.
 */
@SpringBootApplication
@EnableConfigurationProperties(SpecopsProperties.class)
public class WorkerApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(WorkerApplication.class);
    if (isDemo(args)) {
      // the demo prints its own report and exits; it needs no web server
      app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
      System.exit(SpringApplication.exit(app.run(args)));
    }
    app.run(args);
  }

  static boolean isDemo(String[] args) {
    for (String arg : args) {
      if (arg.equals("--specops.mode=demo")) {
        return true;
      }
    }
    return false;
  }
}
