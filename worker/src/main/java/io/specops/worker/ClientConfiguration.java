package io.specops.worker;

import io.specops.client.FleetClient;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator-side client the REST API and the fleet starter use: the same one as the CLI. */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {
  @Bean
  FleetClient fleetClient(
      WorkflowClient client,
      @Value("${spring.temporal.connection.target:in-process}") String target) {
    return new FleetClient(client, target);
  }
}
