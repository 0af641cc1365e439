package io.specops.worker;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.specops.blueprint.TestBlueprints;
import io.specops.kube.KubeControlPlane;
import io.specops.kube.MetricsApiServer;
import io.specops.simulation.LoadProfile;
import io.specops.simulation.ScaleCall;
import io.specops.simulation.Scenario;
import io.specops.simulation.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The crash drill on a real control plane (etcd, kube-apiserver, controller manager, scheduler,
 * kwok): the drill's Deployments from the same templates the simulator uses, deploy/'s RBAC with
 * the Role bound in the drill's namespace, the workers authenticated with the ServiceAccount's
 * token, metrics.k8s.io from the load model through the API server's aggregation layer, and the
 * scale writes counted from the API server's own audit log.
 */
final class KubeDrillCluster implements DrillCluster {
  static final String NAMESPACE = "crash";
  private final KubeControlPlane kube;
  private final MetricsApiServer metrics;
  private final String token;
  private final String namespace;
  private final long cpuMillis;

  private KubeDrillCluster(
      KubeControlPlane kube,
      MetricsApiServer metrics,
      String token,
      String namespace,
      long cpuMillis) {
    this.kube = kube;
    this.metrics = metrics;
    this.token = token;
    this.namespace = namespace;
    this.cpuMillis = cpuMillis;
  }

  static DrillCluster start(Scenario scenario, Path work) throws Exception {
    return start(scenario, work, NAMESPACE);
  }

  /** The scenario's Deployments in {@code namespace}, with deploy/'s Role bound there. */
  static KubeDrillCluster start(Scenario scenario, Path work, String namespace) throws Exception {
    Path dir = Files.createDirectories(work.resolve("kube"));
    // one kwok node with the scenario's cpu: the scheduler leaves pods beyond it Pending
    long cpuMillis = DrillCluster.scenarioCpuMillis(scenario);
    KubeControlPlane kube = KubeControlPlane.start(dir, cpuMillis + "m", "64Gi");
    try {
      kube.admin()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      kube.applyDeploy(
          Path.of(System.getProperty("specops.repo", TestBlueprints.repoRoot().toString()))
              .resolve("deploy"),
          namespace);
      for (Scenario.Service s : scenario.services()) {
        kube.admin()
            .apps()
            .deployments()
            .inNamespace(namespace)
            .resource(Templates.deployment(s, namespace))
            .create();
      }
      MetricsApiServer metrics =
          MetricsApiServer.register(kube.admin(), Clock.systemUTC(), scenario, dir);
      for (Scenario.Service s : scenario.services()) {
        kube.awaitReady(namespace, s.name(), s.replicas(), Duration.ofSeconds(90));
      }
      return new KubeDrillCluster(kube, metrics, kube.serviceAccountToken(), namespace, cpuMillis);
    } catch (Exception | AssertionError e) {
      kube.close();
      throw e;
    }
  }

  @Override
  public long cpuMillis() {
    return cpuMillis;
  }

  @Override
  public Map<String, String> workerEnv() {
    return DrillCluster.fabric8Env(kube.url(), token);
  }

  @Override
  public void setLoad(String service, LoadProfile load) {
    metrics.setLoad(service, load);
  }

  /**
   * SpecOps' patches of Deployments as the API server's audit log recorded them: the service
   * account's requests only (the Deployment controller writes status), each with the replicas and
   * the operation annotation it carried and the code the server answered.
   */
  @Override
  public List<ScaleCall> scaleCalls() {
    return kube.auditedWrites(KubeControlPlane.SPECOPS_USER, namespace);
  }

  /** The control plane's admin client (system:masters), for what the test itself sets up. */
  KubeControlPlane kube() {
    return kube;
  }

  @Override
  public void close() {
    metrics.close();
    kube.close();
  }
}
