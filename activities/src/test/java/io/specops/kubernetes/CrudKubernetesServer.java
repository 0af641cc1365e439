package io.specops.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.HashMap;

/** fabric8's mock API server in CRUD mode (objects created are there to read), over plain HTTP. */
public final class CrudKubernetesServer {
  private CrudKubernetesServer() {}

  /** Started; the caller destroys it. */
  public static KubernetesMockServer start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new io.fabric8.mockwebserver.MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    return server;
  }
}
