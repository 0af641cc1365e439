package io.specops.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.specops.service.SearchAttributeNames;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Registers SpecOps' search attributes (SpecopsService, SpecopsCriticality, SpecopsLastAction,
 * SpecopsPendingApproval) when the worker starts. Workflows upsert them only if this succeeded: an
 * unregistered attribute would fail every workflow task. Where the operator API is not allowed
 * (Temporal Cloud), register them with {@code temporal operator search-attribute create} and the
 * worker finds them already there.
 */
@Component
class SearchAttributeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);
  private final boolean registered;

  SearchAttributeRegistrar(
      WorkflowClient client, ObjectProvider<TestWorkflowEnvironment> testEnvironment) {
    this.registered = register(client, testEnvironment.getIfAvailable());
  }

  boolean registered() {
    return registered;
  }

  private static boolean register(WorkflowClient client, TestWorkflowEnvironment env) {
    Map<String, IndexedValueType> attributes = SearchAttributeNames.all();
    if (env != null) {
      attributes.forEach(env::registerSearchAttribute);
      return true;
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(client.getWorkflowServiceStubs().getRawChannel())
                // the raw channel lacks the client's interceptors: send its API key too
                .setGrpcMetadataProviders(
                    client.getWorkflowServiceStubs().getOptions().getGrpcMetadataProviders())
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .putAllSearchAttributes(attributes)
                  .build());
      log.info("registered search attributes {}", attributes.keySet());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return true;
      }
      log.warn(
          "could not register search attributes {} ({}); workflows will not upsert them. Register them with "
              + "`temporal operator search-attribute create` and restart the worker",
          attributes.keySet(),
          e.getStatus());
      return false;
    } finally {
      operator.shutdown();
    }
  }
}
