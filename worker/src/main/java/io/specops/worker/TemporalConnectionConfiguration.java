package io.specops.worker;

import io.specops.connection.ConnectionSettings;
import io.specops.connection.TemporalConnection;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's Temporal client gets the same security as the CLI's: the Spring starter builds the
 * stubs from spring.temporal.connection.target, and this puts the TLS context (with a server CA,
 * which the starter's own mtls properties cannot name), the API key and gRPC metadata of Temporal's
 * environment configuration on them. Not for the embedded server, which speaks plain text.
 */
@Configuration(proxyBeanMethods = false)
// set by WorkerApplication when it found a Temporal to join
@ConditionalOnProperty(name = "specops.embedded-temporal", havingValue = "false")
class TemporalConnectionConfiguration {
  @Bean
  TemporalConnection temporalConnection(
      @Value("${spring.temporal.connection.target:}") String target,
      @Value("${spring.temporal.namespace:}") String namespace) {
    return TemporalConnection.resolve(
        ConnectionSettings.NONE
            .withAddress(target.isBlank() ? null : target)
            .withNamespace(namespace.isBlank() ? null : namespace));
  }

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> securedStubs(
      TemporalConnection connection) {
    return connection::secure;
  }
}
