package io.specops.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.audit.AuditLog;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets a workload's replicas through the Kubernetes API, idempotently: the workload is annotated
 * with the operation id, so a retry of an operation that already went through changes nothing; the
 * write is a server-side apply of replicas and the annotations only (field manager "specops")
 * carrying the resourceVersion it read, so a concurrent change is a 409: read again and decided
 * again in the same call, a few times, before the call fails for Temporal to retry. Refuses targets
 * outside the blueprint's bounds and workloads an HPA also manages.
 */
public final class KubernetesScaler implements ScalingActivities {
  public static final String OPERATION_ANNOTATION = "specops.io/operation-id";
  public static final String PREVIOUS_ANNOTATION = "specops.io/previous-replicas";

  /**
   * Reads and writes one scale call makes when its writes meet 409s, before it fails for Temporal
   * to retry: a conflict with a controller's status update resolves on the next read.
   */
  static final int WRITE_ATTEMPTS = 4;

  private static final Duration REREAD_PAUSE = Duration.ofMillis(25);

  private final KubernetesClient client;
  private final Clock clock;

  private AuditLog audit;
  private ApiServerClock apiServer;

  /**
   * Where records that ride on a scale request are written (none: they are dropped, as in tools
   * that never send them).
   */
  public KubernetesScaler withAudit(AuditLog log) {
    this.audit = log;
    return this;
  }

  /**
   * The API server's time, measured from the client's answers: the cluster's Events (a node being
   * added, a refused pod create) are recent or not by it (none: the worker's clock).
   */
  public KubernetesScaler withApiServerClock(ApiServerClock serverClock) {
    this.apiServer = serverClock;
    return this;
  }

  public KubernetesScaler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.apiServer = new ApiServerClock(clock);
  }

  @Override
  public ScaleResult scale(ScaleRequest request) {
    if (audit != null && !request.records().isEmpty()) {
      audit.append(request.records());
    }
    Instant started = clock.instant();
    WorkloadRef ref = request.workload();
    int target = request.targetReplicas();
    if (target < request.minReplicas() || target > request.maxReplicas()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "target replicas "
              + target
              + " outside the blueprint's bounds ["
              + request.minReplicas()
              + ", "
              + request.maxReplicas()
              + "]; not scaling "
              + ref,
          "OutOfBounds");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return readCheckAndWrite(request, started);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == WRITE_ATTEMPTS) {
          throw translate(e, ref);
        }
        // the workload changed between the read and the write (on a live cluster, most often a
        // status update by its controller): read it again and decide again, here, instead of
        // failing the activity for a Temporal retry that costs an action and a second at least
        pauseBeforeRereading(attempt, e, ref);
      }
    }
  }

  /**
   * One pass: read the workload, check it (an HPA's, this operation's already, another writer's
   * change), write the replicas with the resourceVersion read.
   */
  private ScaleResult readCheckAndWrite(ScaleRequest request, Instant started) {
    WorkloadRef ref = request.workload();
    int target = request.targetReplicas();
    HasMetadata workload = existing(ref);
    refuseIfHpaManaged(ref);
    int previous = Workloads.desired(workload);
    Map<String, String> annotations =
        workload.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(workload.getMetadata().getAnnotations());
    if (request.operationId().equals(annotations.get(OPERATION_ANNOTATION))) {
      // this operation went through already: a retry writes nothing, even if another writer has
      // changed the replicas since (re-applying would overwrite that change: a lost update)
      String before = annotations.getOrDefault(PREVIOUS_ANNOTATION, Integer.toString(previous));
      return new ScaleResult(
          request.operationId(),
          ScaleOutcome.ALREADY_SCALED,
          Integer.parseInt(before),
          target,
          workload.getMetadata().getResourceVersion(),
          started,
          clock.instant(),
          kind(ref)
              + "/"
              + ref.name()
              + " already scaled by "
              + request.operationId()
              + (previous == target
                  ? ""
                  : "; replicas are " + previous + " now, changed since by another writer"));
    }
    Integer expected = request.expectedReplicas();
    if (expected != null && previous != expected) {
      // a write computed from an older state (a rollback) would undo the other writer's change
      throw ApplicationFailure.newNonRetryableFailure(
          kind(ref)
              + "/"
              + ref.name()
              + " has "
              + previous
              + " replicas where "
              + expected
              + " were expected: another writer changed them since; not setting "
              + target
              + " ("
              + request.operationId()
              + "), which would undo that change",
          "ChangedByAnotherWriter");
    }
    if (request.dryRun()) {
      return new ScaleResult(
          request.operationId(),
          ScaleOutcome.PLANNED,
          previous,
          target,
          workload.getMetadata().getResourceVersion(),
          started,
          clock.instant(),
          "dry run: would run kubectl scale "
              + kind(ref)
              + " "
              + ref.name()
              + " --replicas="
              + target
              + " -n "
              + ref.namespace());
    }
    Map<String, String> owned =
        Map.of(
            OPERATION_ANNOTATION,
            request.operationId(),
            PREVIOUS_ANNOTATION,
            Integer.toString(previous));
    HasMetadata updated =
        Workloads.applyReplicas(
            client, ref, target, owned, workload.getMetadata().getResourceVersion());
    return new ScaleResult(
        request.operationId(),
        ScaleOutcome.SCALED,
        previous,
        target,
        updated.getMetadata().getResourceVersion(),
        started,
        clock.instant(),
        kind(ref) + "/" + ref.name() + " scaled" + declaredElsewhere(workload));
  }

  private static void pauseBeforeRereading(
      int attempt, KubernetesClientException conflict, WorkloadRef ref) {
    try {
      Thread.sleep(REREAD_PAUSE.toMillis() * attempt);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw translate(conflict, ref);
    }
  }

  @Override
  public WorkloadState awaitReady(WorkloadRef ref, int target, Duration timeout, Duration settle) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Instant deadline = clock.instant().plus(timeout);
    WorkloadState last = null;
    while (true) {
      try {
        last = readWorkload(ref);
        if (last.reached(target)) {
          settle(context, settle, last);
          return last;
        }
        if (last.changedFrom(target)) {
          return last; // another writer set the replicas: this target will not come
        }
      } catch (RuntimeException e) {
        // a failed read is not a verdict; read again until the deadline
      }
      if (!clock.instant().isBefore(deadline)) {
        return last;
      }
      context.heartbeat(last);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
    }
  }

  /** Lets the new pods take load before verification, heart-beating meanwhile. */
  private void settle(ActivityExecutionContext context, Duration settle, WorkloadState last) {
    Instant until = clock.instant().plus(settle == null ? Duration.ZERO : settle);
    while (clock.instant().isBefore(until)) {
      context.heartbeat(last);
      try {
        Thread.sleep(
            Math.min(1000, Math.max(1, Duration.between(clock.instant(), until).toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public WorkloadState readWorkload(WorkloadRef ref) {
    try {
      HasMetadata workload = existing(ref);
      int desired = Workloads.desired(workload);
      int ready = Workloads.ready(workload);
      String problem =
          workload instanceof StatefulSet && ready < desired
              ? Workloads.createFailure(client, workload, apiServer.now())
              : Workloads.problem(workload);
      String provisioning =
          ready < desired && problem == null
              ? NodeProvisioning.of(client, workload, apiServer.now())
              : null;
      return new WorkloadState(
          desired,
          ready,
          Workloads.updated(workload),
          workload.getMetadata().getResourceVersion(),
          clock.instant(),
          problem,
          provisioning);
    } catch (KubernetesClientException e) {
      throw translate(e, ref);
    }
  }

  @Override
  public LastWrite lastWrite(WorkloadRef ref) {
    try {
      HasMetadata workload = existing(ref);
      Map<String, String> annotations =
          workload.getMetadata().getAnnotations() == null
              ? Map.of()
              : workload.getMetadata().getAnnotations();
      String previous = annotations.get(PREVIOUS_ANNOTATION);
      return new LastWrite(
          annotations.get(OPERATION_ANNOTATION),
          previous == null || !previous.matches("\\d{1,9}") ? null : Integer.valueOf(previous),
          Workloads.desired(workload),
          workload.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      throw translate(e, ref);
    }
  }

  /** The workload, or a non-retryable failure naming it when it does not exist. */
  private HasMetadata existing(WorkloadRef ref) {
    HasMetadata workload = Workloads.get(client, ref);
    if (workload == null) {
      throw ApplicationFailure.newNonRetryableFailure(ref.missing(), "NoSuchWorkload");
    }
    return workload;
  }

  /**
   * A warning when something else declares the replicas (docs/operations.md): its next apply (a
   * GitOps sync, kubectl apply) would put them back, and the two would fight as with an HPA.
   */
  private static String declaredElsewhere(HasMetadata workload) {
    List<String> others = ReplicaDeclarations.others(workload);
    return others.isEmpty()
        ? ""
        : "; warning: "
            + String.join(", ", others)
            + ": its next apply puts the replicas back; leave replicas out of that manifest";
  }

  /** Two controllers fighting over replicas is worse than either: refuse, and say which HPA. */
  private void refuseIfHpaManaged(WorkloadRef ref) {
    List<HorizontalPodAutoscaler> hpas;
    try {
      hpas =
          client
              .autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .inNamespace(ref.namespace())
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return; // not allowed to look (RBAC) or no autoscaling API: nothing to compare with
      }
      throw e;
    }
    for (HorizontalPodAutoscaler hpa : hpas) {
      var target = hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
      if (target != null
          && ref.name().equals(target.getName())
          && ref.kind().equals(target.getKind())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "HorizontalPodAutoscaler "
                + hpa.getMetadata().getName()
                + " also manages "
                + ref
                + "; remove it or the blueprint, two controllers would fight over replicas",
            "ManagedByHpa");
      }
    }
  }

  /**
   * No HTTP status (timeouts, refused connections), 409, 429 and 5xx are worth retrying; other 4xx
   * are not.
   */
  private static RuntimeException translate(KubernetesClientException e, WorkloadRef ref) {
    int code = e.getCode();
    boolean answered = code > 0;
    String what =
        "Kubernetes API "
            + (answered ? "answered " + code : "unreachable")
            + " for "
            + ref
            + ": "
            + e.getMessage();
    boolean retryable = !answered || code == 409 || code == 429 || code >= 500;
    String type = answered ? "KubernetesApi" + code : "KubernetesApiUnreachable";
    return retryable
        ? ApplicationFailure.newFailure(what, type)
        : ApplicationFailure.newNonRetryableFailure(what, type);
  }

  private static String kind(WorkloadRef ref) {
    return "StatefulSet".equals(ref.kind()) ? "statefulset.apps" : "deployment.apps";
  }
}
