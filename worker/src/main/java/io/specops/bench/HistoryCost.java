package io.specops.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * History events and Temporal Cloud actions in a stretch of a workflow's history, counted as
 * docs.temporal.io/cloud/actions lists them: a workflow start (also by continue-as-new), each
 * timer, each search-attribute upsert, each signal (where it is received), each activity attempt,
 * all local-activity markers of one workflow task as one, and a child start as two. Queries are not
 * in the history and are not counted; version markers are Temporal's own and not counted either.
 */
public record HistoryCost(int events, int actions, Map<String, Integer> actionsByKind) {

  public static final String LOCAL_ACTIVITY_MARKER = "LocalActivity";

  public static HistoryCost of(List<HistoryEvent> events) {
    Map<String, Integer> byKind = new TreeMap<>();
    Set<Long> tasksWithLocalActivities = new HashSet<>();
    for (HistoryEvent e : events) {
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED ->
            byKind.merge("workflow_start", 1, Integer::sum);
        case EVENT_TYPE_TIMER_STARTED -> byKind.merge("timer", 1, Integer::sum);
        case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES ->
            byKind.merge("search_attributes", 1, Integer::sum);
        // a signal is billed once: counted where it is received (a sent one shows in both
        // histories)
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> byKind.merge("signal", 1, Integer::sum);
        case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
            byKind.merge(
                "activity",
                Math.max(1, e.getActivityTaskStartedEventAttributes().getAttempt()),
                Integer::sum);
        case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED ->
            byKind.merge("child_workflow", 2, Integer::sum);
        case EVENT_TYPE_MARKER_RECORDED -> {
          if (LOCAL_ACTIVITY_MARKER.equals(e.getMarkerRecordedEventAttributes().getMarkerName())
              && tasksWithLocalActivities.add(
                  e.getMarkerRecordedEventAttributes().getWorkflowTaskCompletedEventId())) {
            byKind.merge("local_activities", 1, Integer::sum);
          }
        }
        default -> {}
      }
    }
    return new HistoryCost(
        events.size(), byKind.values().stream().mapToInt(Integer::intValue).sum(), byKind);
  }

  /** True for the marker a local activity (here: an evaluation) leaves in the history. */
  public static boolean isLocalActivity(HistoryEvent e) {
    return e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
        && LOCAL_ACTIVITY_MARKER.equals(e.getMarkerRecordedEventAttributes().getMarkerName());
  }
}
