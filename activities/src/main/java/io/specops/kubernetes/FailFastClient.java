package io.specops.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Duration;

/**
 * A view of a client for best-effort calls: same connection pool, no retries, a short timeout per
 * request. fabric8 retries a refused connection, a 429 and any 5xx ten times with backoff by
 * default (~20 s against an API that is down), longer than the activities that make these calls may
 * take.
 */
public final class FailFastClient {
  private FailFastClient() {}

  public static KubernetesClient of(KubernetesClient client, Duration requestTimeout) {
    return client
        .newClient(
            new RequestConfigBuilder()
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout((int) requestTimeout.toMillis())
                .build())
        .adapt(KubernetesClient.class);
  }
}
