package io.specops.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The SpecOps worker: a Temporal worker with the REST API, dashboard and metrics. */
@SpringBootApplication
public class WorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(WorkerApplication.class, args);
  }
}
