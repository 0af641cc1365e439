package io.specops.reliability;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pause rule checked on a service workflow's history, whose order is exact where the audit
 * trail's timestamps are not: no Scale activity is scheduled by a workflow task that saw a pause
 * signal arrive after the operation's decision was recorded (paused since, or paused and resumed
 * since: docs/operations.md). Rollbacks are part of an operation already running and are not
 * checked.
 */
final class PauseOrder {
  private static final Pattern DECISION_ID =
      Pattern.compile("dec-\\d{8}-\\d{6}-[a-z0-9-]+?-\\d{3}");

  private PauseOrder() {}

  /** What a run's check saw: its operations' Scales, its pause signals, and the violations. */
  record Result(int scales, int pauses, List<String> violations) {}

  /** A violation per Scale scheduled after a pause that followed its decision. */
  static Result check(List<HistoryEvent> run) {
    Map<String, Integer> recordedAt = new HashMap<>();
    List<Integer> pauses = new ArrayList<>();
    List<String> out = new ArrayList<>();
    int scales = 0;
    for (int i = 0; i < run.size(); i++) {
      HistoryEvent e = run.get(i);
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
          && e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("pause")) {
        pauses.add(i);
      }
      if (e.getEventType() != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        continue;
      }
      var scheduled = e.getActivityTaskScheduledEventAttributes();
      String input = text(scheduled.getInput().getPayloadsList());
      String type = scheduled.getActivityType().getName();
      if (type.equals("RecordAudit")) {
        final int at = i;
        ids(input).forEach(id -> recordedAt.putIfAbsent(id, at));
      } else if (type.equals("Scale") && !input.contains("-rollback")) {
        scales++;
        List<String> ids = ids(input);
        if (ids.isEmpty()) {
          out.add("event " + e.getEventId() + ": a Scale without a decision id: " + input);
          continue;
        }
        String decision = ids.get(0);
        Integer decided = recordedAt.get(decision);
        if (decided == null) {
          out.add("event " + e.getEventId() + ": " + decision + " scaled before it was recorded");
          continue;
        }
        // the workflow task that scheduled the Scale saw the signals that came before it started
        // (signals arriving during a task are written after its commands)
        int seen = i;
        while (run.get(seen).getEventType() != EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
          seen--;
        }
        for (int p : pauses) {
          if (p > decided && p < seen) {
            out.add(
                "event "
                    + e.getEventId()
                    + ": "
                    + decision
                    + " scaled after the pause of event "
                    + run.get(p).getEventId()
                    + ", which came after its decision (event "
                    + run.get(decided).getEventId()
                    + ")");
          }
        }
      }
    }
    return new Result(scales, pauses.size(), out);
  }

  private static String text(List<Payload> payloads) {
    StringBuilder out = new StringBuilder();
    payloads.forEach(p -> out.append(p.getData().toStringUtf8()));
    return out.toString();
  }

  private static List<String> ids(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = DECISION_ID.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
