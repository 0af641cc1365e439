package io.specops.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.coordination.FleetWorkflowImpl;
import io.specops.service.ServiceWorkflowImpl;
import io.specops.service.ServiceWorkflowReplayTest;
import io.specops.testing.SpecopsTestEnvironments;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Recorded histories of the watched design replay on the current code: a watched service woken for
 * a scale-up, recorded before (readiness in its own activity) and after (readiness waited for
 * inside the verification, version "readiness-in-verification") that change, and a watcher with its
 * roster changes (pause, resume). Recorded by WatchWorkflowTest with {@code
 * -Dspecops.recordHistory=true} (the current design's files).
 */
class WatchReplayTest {
  static final Path SERVICE = Path.of("src/test/resources/histories/service-watched-scale-up.json");
  static final Path SERVICE_SEPARATE_WAIT =
      Path.of("src/test/resources/histories/service-watched-scale-up-separate-wait.json");
  static final Path WATCHER = Path.of("src/test/resources/histories/watcher-shard.json");

  @Test
  void theRecordedWatchedHistoriesReplay() throws Exception {
    WorkflowExecutionHistory before =
        WorkflowExecutionHistory.fromJson(Files.readString(SERVICE_SEPARATE_WAIT));
    assertThat(before.getEvents()).anyMatch(e -> scheduled(e, "AwaitReady"));
    replay(before);
    WorkflowExecutionHistory service = WorkflowExecutionHistory.fromJson(Files.readString(SERVICE));
    assertThat(service.getEvents()).noneMatch(e -> scheduled(e, "AwaitReady"));
    assertThat(service.getEvents())
        .anyMatch(
            e ->
                e.hasMarkerRecordedEventAttributes()
                    && e.getMarkerRecordedEventAttributes()
                        .toString()
                        .contains("readiness-in-verification"));
    replay(service);
    WorkflowExecutionHistory watcher = WorkflowExecutionHistory.fromJson(Files.readString(WATCHER));
    assertThat(watcher.getEvents())
        .anyMatch(
            e ->
                e.hasWorkflowExecutionSignaledEventAttributes()
                    && e.getWorkflowExecutionSignaledEventAttributes()
                        .getSignalName()
                        .equals("roster"));
    replay(watcher);
  }

  /**
   * Recorded before the "refuse-unread-queries" version (with the update accepted, as it was): a
   * watched backend takes an update whose blueprint names a ready_replicas query, and tells its
   * watcher of the new blueprint. The current code accepts it on replay too; refusing it would drop
   * the watcher's signal and fail the replay.
   */
  @Test
  void anUpdateNamingAReplicaCountQueryAcceptedBeforeItsVersionReplays() throws Exception {
    WorkflowExecutionHistory history =
        ServiceWorkflowReplayTest.recorded("service-update-unread-query-before-version.json");
    assertThat(history.getEvents())
        .anyMatch(
            e ->
                e.hasWorkflowExecutionSignaledEventAttributes()
                    && e.getWorkflowExecutionSignaledEventAttributes()
                        .getSignalName()
                        .equals("update_blueprint"));
    assertThat(history.getEvents())
        .anyMatch(e -> e.hasSignalExternalWorkflowExecutionInitiatedEventAttributes());
    replay(history);
  }

  static void replay(WorkflowExecutionHistory history) throws Exception {
    SpecopsTestEnvironments.replay(
        history, ServiceWorkflowImpl.class, WatchWorkflowImpl.class, FleetWorkflowImpl.class);
  }

  private static boolean scheduled(io.temporal.api.history.v1.HistoryEvent e, String type) {
    return e.hasActivityTaskScheduledEventAttributes()
        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type);
  }
}
