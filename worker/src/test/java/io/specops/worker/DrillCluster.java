package io.specops.worker;

import io.specops.blueprint.Quantities;
import io.specops.simulation.LoadProfile;
import io.specops.simulation.ScaleCall;
import io.specops.simulation.Scenario;
import io.specops.simulation.SimulatedCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster a crash drill runs against: the simulated API server in the test's JVM, or a real
 * control plane (KubeDrillCluster). The drill sets each service's load, hands the worker processes
 * the environment that points fabric8 at the cluster, and counts the scale writes the API server
 * received.
 */
interface DrillCluster extends AutoCloseable {
  /** What the worker processes need to reach the cluster (fabric8's environment variables). */
  Map<String, String> workerEnv();

  /** The request rate of a service in the drill's namespace, as a function of elapsed time. */
  void setLoad(String service, LoadProfile load);

  /** Every write of a Deployment's replicas SpecOps made, with the operation id it carried. */
  List<ScaleCall> scaleCalls();

  /** The CPU its nodes can allocate, in millicores: what the coordinator may grant. */
  long cpuMillis();

  @Override
  void close();

  /** Starts the cluster for the drill's scenario; {@code work} is the drill's directory. */
  interface Factory {
    DrillCluster start(Scenario scenario, Path work) throws Exception;
  }

  /**
   * fabric8's environment for a worker process: this API server only (no kubeconfig, no in-cluster
   * service account), its certificate trusted, authenticated with {@code token} when there is one.
   */
  static Map<String, String> fabric8Env(String masterUrl, String token) {
    Map<String, String> env = new HashMap<>();
    env.put("KUBERNETES_MASTER", masterUrl);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBERNETES_TRUST_CERTIFICATES", "true");
    if (token != null) {
      env.put("KUBERNETES_AUTH_TOKEN", token);
    }
    return Map.copyOf(env);
  }

  /** The cpu of the scenario's nodes, in millicores. */
  static long scenarioCpuMillis(Scenario scenario) {
    return scenario.nodes().stream().mapToLong(n -> Quantities.parseCpuMillis(n.cpu())).sum();
  }

  /** The simulated API server (fabric8's mock in CRUD mode, metrics.k8s.io from the load model). */
  static DrillCluster simulated(Scenario scenario, Path work) {
    SimulatedCluster cluster = SimulatedCluster.start(scenario, Clock.systemUTC());
    return new DrillCluster() {
      @Override
      public Map<String, String> workerEnv() {
        return fabric8Env(cluster.masterUrl(), null);
      }

      @Override
      public void setLoad(String service, LoadProfile load) {
        cluster.setLoad("crash", service, load);
      }

      @Override
      public List<ScaleCall> scaleCalls() {
        return cluster.scaleCalls();
      }

      @Override
      public long cpuMillis() {
        return scenarioCpuMillis(scenario);
      }

      @Override
      public void close() {
        cluster.close();
      }
    };
  }
}
