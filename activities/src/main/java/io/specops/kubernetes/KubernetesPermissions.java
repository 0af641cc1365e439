package io.specops.kubernetes;

import java.util.List;

/**
 * Every Kubernetes API call SpecOps' code makes, as RBAC rules: deploy/role.yaml and
 * deploy/clusterrole.yaml grant exactly these (a test checks both directions).
 */
public final class KubernetesPermissions {
  private KubernetesPermissions() {}

  /** One RBAC permission: API group, resource, verb; namespaced or cluster-wide. */
  public record Permission(String apiGroup, String resource, String verb, boolean clusterWide) {}

  public static final List<Permission> REQUIRED =
      List.of(
          // Workloads.get / KubernetesScaler: read a workload, set its replicas (server-side apply,
          // a PATCH)
          new Permission("apps", "deployments", "get", false),
          new Permission("apps", "deployments", "patch", false),
          new Permission("apps", "statefulsets", "get", false),
          new Permission("apps", "statefulsets", "patch", false),
          // KubernetesScaler: refuse a workload an HPA also manages
          new Permission("autoscaling", "horizontalpodautoscalers", "list", false),
          // ResourceQuotaReader: what the namespace's quotas admit before a scale-up, with the
          // LimitRanges' container defaults they count; the coordinator's pooled quota room
          new Permission("", "resourcequotas", "list", false),
          new Permission("", "limitranges", "list", false),
          // KubernetesMetricsSource: the pods' usage
          new Permission("metrics.k8s.io", "pods", "list", false),
          // KubernetesEventsAuditSink: Events on the Deployments it scales
          new Permission("", "events", "create", false),
          new Permission("", "events", "patch", false),
          // EvidenceCollector: pod logs, the Events and ReplicaSets of a service's workload
          // (docs/evidence.md)
          new Permission("", "pods/log", "get", false),
          new Permission("", "events", "list", false),
          new Permission("apps", "replicasets", "list", false),
          // ClusterCapacityReader (and KubernetesMetricsSource's pod requests): nodes and pods,
          // and the workloads' pods not created yet
          new Permission("", "nodes", "list", true),
          new Permission("", "pods", "list", true),
          new Permission("apps", "deployments", "list", true),
          new Permission("apps", "statefulsets", "list", true));
}
