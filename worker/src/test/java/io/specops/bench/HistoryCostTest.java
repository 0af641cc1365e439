package io.specops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actions counted as Temporal Cloud bills them (docs.temporal.io/cloud/actions). */
class HistoryCostTest {

  @Test
  void localActivitiesOfOneWorkflowTaskAreOneActionAndRetriesAreEach() {
    List<HistoryEvent> events =
        List.of(
            event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
            marker("LocalActivity", 4),
            marker("LocalActivity", 4),
            marker("LocalActivity", 9),
            marker("Version", 4),
            event(EventType.EVENT_TYPE_TIMER_STARTED),
            event(EventType.EVENT_TYPE_TIMER_FIRED),
            event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
            event(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED),
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .setActivityTaskStartedEventAttributes(
                    ActivityTaskStartedEventAttributes.newBuilder().setAttempt(3))
                .build(),
            event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
    HistoryCost cost = HistoryCost.of(events);
    assertThat(cost.events()).isEqualTo(11);
    assertThat(cost.actionsByKind())
        .containsEntry("workflow_start", 1)
        .containsEntry("local_activities", 2)
        .containsEntry("timer", 1)
        .containsEntry("signal", 1)
        .containsEntry("child_workflow", 2)
        .containsEntry("activity", 3);
    assertThat(cost.actions()).isEqualTo(10);
  }

  private static HistoryEvent event(EventType type) {
    return HistoryEvent.newBuilder().setEventType(type).build();
  }

  private static HistoryEvent marker(String name, long workflowTaskCompletedEventId) {
    return HistoryEvent.newBuilder()
        .setEventType(EventType.EVENT_TYPE_MARKER_RECORDED)
        .setMarkerRecordedEventAttributes(
            MarkerRecordedEventAttributes.newBuilder()
                .setMarkerName(name)
                .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId))
        .build();
  }
}
