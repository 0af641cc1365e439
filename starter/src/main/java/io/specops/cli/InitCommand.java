package io.specops.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.blueprint.BlueprintException;
import io.specops.blueprint.BlueprintParser;
import io.specops.kubernetes.ContainerDefaults;
import io.specops.kubernetes.PodResources;
import io.specops.kubernetes.Workloads;
import io.specops.metrics.MeasuredWorkload;
import io.specops.metrics.PodRequest;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a blueprint per Deployment and StatefulSet of a namespace (seed 003's {@code init}):
 * bounds and target from a HorizontalPodAutoscaler where one targets the workload, requests and
 * limits of the whole pod as its utilization is measured (containers and native sidecars; its live
 * pods as admitted, else its template with the namespace's LimitRange defaults), the seeds'
 * defaults elsewhere. Each file is validated before it is written.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Write a blueprints directory for the Deployments and StatefulSets of a namespace, one"
          + " blueprint each.",
      "min/max/target come from a HorizontalPodAutoscaler where there is one (remove it before "
          + "SpecOps manages that workload: two controllers writing replicas fight); requests and "
          + "limits of the whole pod (containers and native sidecars) as its live pods were admitted, "
          + "else as its template asks with the namespace's LimitRange defaults; the seeds' defaults "
          + "elsewhere. Existing files are kept unless --force."
    })
final class InitCommand implements Callable<Integer> {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "Namespace (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(
      names = "--out",
      defaultValue = "blueprints",
      paramLabel = "DIR",
      description = "Where to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
  Path kubeconfig;

  @Option(names = "--force", description = "Overwrite blueprints that exist")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    try (KubernetesClient client = client()) {
      List<HasMetadata> workloads = new ArrayList<>();
      List<HorizontalPodAutoscaler> hpas;
      try {
        workloads.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        workloads.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
        hpas =
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(namespace)
                .list()
                .getItems();
      } catch (KubernetesClientException e) {
        throw new CliException(
            SpecopsCli.UNREACHABLE,
            "cannot list Deployments, StatefulSets and HorizontalPodAutoscalers in namespace "
                + namespace
                + ": "
                + e.getMessage());
      }
      if (workloads.isEmpty()) {
        throw new CliException(
            SpecopsCli.INVALID_INPUT, "no Deployments or StatefulSets in namespace " + namespace);
      }
      Map<String, HorizontalPodAutoscaler> byTarget = new HashMap<>();
      for (HorizontalPodAutoscaler h : hpas) {
        if (h.getSpec() != null
            && h.getSpec().getScaleTargetRef() != null
            && h.getSpec().getScaleTargetRef().getKind() != null) {
          byTarget.put(
              h.getSpec().getScaleTargetRef().getKind()
                  + "/"
                  + h.getSpec().getScaleTargetRef().getName(),
              h);
        }
      }
      List<String> fight = new ArrayList<>();
      int written = 0;
      Map<String, String> named = new HashMap<>();
      for (HasMetadata d : workloads) {
        String name = d.getMetadata().getName();
        String kind = kind(d);
        String other = named.putIfAbsent(name, kind);
        if (other != null) {
          // a service is named after its workload, and names are unique in a fleet
          stdout.println(
              "skipped "
                  + kind
                  + " "
                  + name
                  + ": the "
                  + other
                  + " of that name has the blueprint "
                  + name);
          continue;
        }
        HorizontalPodAutoscaler hpa = byTarget.get(kind + "/" + name);
        String yaml = blueprint(d, hpa, PodSize.of(client, d));
        Path file = out.resolve(name).resolve("blueprint.yaml");
        try {
          BlueprintParser.parse(file.toString(), yaml);
        } catch (BlueprintException e) {
          stdout.println(
              "skipped " + name + ": the blueprint made from it is invalid: " + e.getMessage());
          continue;
        }
        if (Files.exists(file) && !force) {
          stdout.println("kept " + file + " (exists; --force overwrites)");
          continue;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        written++;
        stdout.println(
            "wrote "
                + file
                + (hpa == null
                    ? ""
                    : " (bounds and target from HorizontalPodAutoscaler "
                        + hpa.getMetadata().getName()
                        + ")"));
        if (hpa != null) {
          fight.add("kubectl delete hpa " + hpa.getMetadata().getName() + " -n " + namespace);
        }
      }
      if (!fight.isEmpty()) {
        stdout.println();
        stdout.println(
            "Before SpecOps manages these workloads, remove their HorizontalPodAutoscalers: two controllers writing");
        stdout.println("replicas fight (SpecOps refuses to scale a workload an HPA targets):");
        fight.forEach(c -> stdout.println("  " + c));
      }
      stdout.println();
      stdout.println(
          written
              + " blueprint"
              + (written == 1 ? "" : "s")
              + " in "
              + out
              + "; check them, then: specops validate "
              + out
              + " && specops fleet start --blueprints "
              + out);
      return 0;
    }
  }

  private KubernetesClient client() throws Exception {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    if (!Files.isRegularFile(kubeconfig)) {
      throw new CliException(SpecopsCli.UNREACHABLE, kubeconfig + ": no such file");
    }
    return new KubernetesClientBuilder()
        .withConfig(
            Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
        .build();
  }

  /**
   * What one of a workload's pods requests and is limited to, as its utilization is measured
   * (containers and native sidecars, or the pod-level values), in millicores and bytes; 0 for what
   * it does not set. {@code origin} says where it was read.
   */
  record PodSize(
      long cpuMillis, long memoryBytes, long cpuLimitMillis, long memoryLimitBytes, String origin) {
    static PodSize of(KubernetesClient client, HasMetadata d) {
      List<Pod> live = MeasuredWorkload.livePods(client, d);
      ContainerDefaults defaults = MeasuredWorkload.templateDefaults(client, d, live);
      PodRequest serving = MeasuredWorkload.serving(d, live, defaults);
      PodTemplateSpec podTemplate = Workloads.podTemplate(d);
      PodSpec template = podTemplate == null ? null : podTemplate.getSpec();
      Map<String, BigDecimal> limits =
          template == null ? Map.of() : PodResources.servingLimits(template, defaults);
      String origin =
          PodResources.anyAdmitted(live)
              ? "its " + live.size() + " live pod" + (live.size() == 1 ? "" : "s") + " as admitted"
              : defaults.equals(ContainerDefaults.NONE)
                  ? "its pod template"
                  : "its pod template with the namespace's LimitRange defaults";
      return new PodSize(
          serving == null ? 0 : serving.cpuMillis(),
          serving == null ? 0 : serving.memoryBytes(),
          limits.getOrDefault("cpu", BigDecimal.ZERO).movePointRight(3).longValue(),
          limits.getOrDefault("memory", BigDecimal.ZERO).longValue(),
          origin);
    }
  }

  /** "Deployment" or "StatefulSet", as a blueprint's target names it. */
  private static String kind(HasMetadata w) {
    return w instanceof StatefulSet ? "StatefulSet" : "Deployment";
  }

  /** The blueprint's YAML for one Deployment or StatefulSet whose pods are {@code size}. */
  static String blueprint(HasMetadata d, HorizontalPodAutoscaler hpa, PodSize size) {
    String name = d.getMetadata().getName();
    int replicas = Workloads.desired(d);
    int min = 1;
    int max = Math.max(5, 2 * replicas);
    int target = 70;
    String origin = "the seeds' defaults (no HorizontalPodAutoscaler targets it)";
    if (hpa != null) {
      min = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
      max = hpa.getSpec().getMaxReplicas();
      for (MetricSpec m :
          hpa.getSpec().getMetrics() == null ? List.<MetricSpec>of() : hpa.getSpec().getMetrics()) {
        if (m.getResource() != null
            && "cpu".equals(m.getResource().getName())
            && m.getResource().getTarget() != null
            && m.getResource().getTarget().getAverageUtilization() != null) {
          target = m.getResource().getTarget().getAverageUtilization();
        }
      }
      origin =
          "HorizontalPodAutoscaler "
              + hpa.getMetadata().getName()
              + " (remove it before SpecOps manages "
              + name
              + ")";
    }
    int up = Math.min(95, target + 10);
    int down = Math.max(10, Math.min(40, target - 30));
    StringBuilder y = new StringBuilder();
    y.append("# Written by `specops init` from ")
        .append(kind(d))
        .append(' ')
        .append(d.getMetadata().getNamespace())
        .append('/')
        .append(name)
        .append(".\n# Bounds and target from ")
        .append(origin)
        .append(".\n# Requests and limits (the whole pod's: containers and native sidecars) from ")
        .append(
            size.cpuMillis() > 0 || size.memoryBytes() > 0
                ? size.origin()
                : "the seeds' defaults (its pods request nothing)")
        .append(".\n# Every field: docs/blueprint.md.\n");
    y.append("metadata:\n  name: ")
        .append(name)
        .append("\n  version: 1.0.0\n  namespace: ")
        .append(d.getMetadata().getNamespace())
        .append("\n  priority: medium\n  criticality: standard\n\nspec:\n");
    y.append("  target:\n    kind: ")
        .append(kind(d))
        .append("\n    name: ")
        .append(name)
        .append('\n');
    y.append("  scaling:\n    min_replicas: ")
        .append(min)
        .append("\n    max_replicas: ")
        .append(max)
        .append("\n    target_cpu_utilization: ")
        .append(target)
        .append("%\n    target_memory_utilization: 80%\n    scale_up_threshold: ")
        .append(up)
        .append("%\n    scale_down_threshold: ")
        .append(down)
        .append("%\n");
    long cpu = size.cpuMillis() > 0 ? size.cpuMillis() : 100;
    long memory = size.memoryBytes() > 0 ? size.memoryBytes() : 128L << 20;
    y.append("  resources:\n    cpu_request: ")
        .append(cpu)
        .append("m\n    memory_request: ")
        .append(bytes(memory))
        .append('\n');
    // a limit under the request (the request defaulted, the limit not) would not validate
    if (size.cpuLimitMillis() >= cpu) {
      y.append("    cpu_limit: ").append(size.cpuLimitMillis()).append("m\n");
    }
    if (size.memoryLimitBytes() >= memory) {
      y.append("    memory_limit: ").append(bytes(size.memoryLimitBytes())).append('\n');
    }
    y.append("  performance:\n    latency_p95_target: 200ms\n    error_rate_threshold: 1%\n");
    return y.toString();
  }

  /** Bytes as Kubernetes writes them: in Gi or Mi where whole, else in bytes. */
  private static String bytes(long b) {
    if (b % (1L << 30) == 0) {
      return (b >> 30) + "Gi";
    }
    return b % (1L << 20) == 0 ? (b >> 20) + "Mi" : Long.toString(b);
  }
}
