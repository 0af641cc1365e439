package io.specops.coordination;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintException;
import io.specops.blueprint.BlueprintLoader;
import io.specops.blueprint.FleetFile;
import io.specops.blueprint.ValidationError;
import io.specops.kubernetes.ClusterCapacityReader;
import io.specops.kubernetes.ResourceQuotaReader;
import io.specops.kubernetes.WorkloadRef;
import io.specops.kubernetes.Workloads;
import io.temporal.activity.Activity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Loads the fleet's blueprints from the worker's disk and reads the cluster's capacity. */
public final class FleetActivitiesImpl implements FleetActivities {
  private final ClusterCapacityReader capacity;
  private final WorkflowClient client;
  private final FleetSettings settings;

  public FleetActivitiesImpl(
      ClusterCapacityReader capacity, WorkflowClient client, FleetSettings settings) {
    this.capacity = capacity;
    this.client = client;
    this.settings = settings;
  }

  @Override
  public Map<String, Double> readQuotaRoom(List<String> namespaces) {
    return new ResourceQuotaReader(capacity.client()).left(namespaces);
  }

  @Override
  public FleetSettings workerSettings() {
    return settings;
  }

  @Override
  public Map<String, String> closedWorkflows(List<String> workflowIds) {
    Map<String, String> closed = new TreeMap<>();
    for (String id : workflowIds) {
      try {
        WorkflowExecutionStatus status =
            client
                .getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                        .build())
                .getWorkflowExecutionInfo()
                .getStatus();
        if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          closed.put(
              id, status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT));
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          closed.put(id, "not_found");
        } else {
          throw e;
        }
      }
    }
    return closed;
  }

  @Override
  public BlueprintSet loadBlueprints(String directory) {
    Path dir = Path.of(directory);
    if (!Files.isDirectory(dir)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no blueprint directory "
              + dir.toAbsolutePath()
              + " on the worker (blueprints_dir is read where the worker runs)",
          "NoBlueprintDirectory");
    }
    BlueprintLoader.Result result = BlueprintLoader.loadDirectory(dir);
    List<LoadedBlueprint> loaded = new ArrayList<>();
    for (Blueprint bp : result.blueprints()) {
      try {
        loaded.add(new LoadedBlueprint(bp, Files.readString(Path.of(bp.source()))));
      } catch (IOException e) {
        throw ApplicationFailure.newFailure(
            "cannot re-read " + bp.source() + ": " + e.getMessage(), "BlueprintUnreadable");
      }
    }
    List<String> errors =
        new ArrayList<>(result.errors().stream().map(ValidationError::toString).toList());
    Map<String, Double> budgets = Map.of();
    try {
      budgets = FleetFile.budgets(dir);
    } catch (BlueprintException e) {
      e.errors().forEach(err -> errors.add(err.toString()));
    }
    return new BlueprintSet(directory, loaded, List.copyOf(errors), budgets);
  }

  @Override
  public Map<String, Integer> readReplicas(Map<String, WorkloadRef> workloads) {
    Map<String, Integer> out = new TreeMap<>();
    workloads.forEach(
        (service, ref) -> {
          var workload = Workloads.get(capacity.client(), ref);
          out.put(service, workload == null ? 0 : Workloads.desired(workload));
        });
    return out;
  }

  @Override
  public ClusterCapacity readCapacity() {
    return capacity.read();
  }

  @Override
  public ClusterCapacity readCapacityAfterWindow(long windowMillis) {
    if (Activity.getExecutionContext().getInfo().getAttempt() == 1 && windowMillis > 0) {
      try {
        Thread.sleep(windowMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
    return capacity.read();
  }
}
