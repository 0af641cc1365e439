package io.specops.connection;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/**
 * One round trip before anything starts: the server answers, over TLS if asked, accepts the
 * credentials, and has the namespace. A refusal becomes a {@link ConnectionException} in one line
 * (see {@link ConnectionErrors}).
 */
public final class ConnectionCheck {
  private static final long DEADLINE_SECONDS = 10;

  private ConnectionCheck() {}

  public static void verify(WorkflowServiceStubs stubs, TemporalConnection connection) {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw ConnectionErrors.explain(e, connection);
    }
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .describeNamespace(
              DescribeNamespaceRequest.newBuilder().setNamespace(connection.namespace()).build());
    } catch (StatusRuntimeException e) {
      // the embedded test server has namespaces but no namespace API
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw ConnectionErrors.explain(e, connection);
      }
    }
  }
}
