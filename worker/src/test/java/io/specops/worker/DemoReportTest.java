package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specops.json.Json;
import org.junit.jupiter.api.Test;

/** The timeline's line for a conflict says which resource was short, a namespace's quota too. */
class DemoReportTest {
  @Test
  void aConflictOverANamespacesQuotaNamesTheQuotaInItsOwnUnits() throws Exception {
    JsonNode record =
        Json.mapper()
            .readTree(
                """
                {"record_type": "conflict",
                 "conflict_detection": {
                   "conflict_type": "resource_conflict",
                   "cluster_capacity": {"cpu_available": "7400m"},
                   "total_resources_requested": {"total_cpu": "150m"},
                   "capacity_check": {"cpu_sufficient": true},
                   "shared_resources": {
                     "quota:todo-app/team-cpu/requests.cpu":
                       {"budget": 0.1, "used": 0.0, "available": 0.1, "requested": 0.15,
                        "sufficient": false, "shortfall": 0.05},
                     "db_connections":
                       {"budget": 200.0, "used": 100.0, "available": 100.0, "requested": 40.0,
                        "sufficient": true}}},
                 "conflict_resolution": {
                   "strategy": "prioritize_by_criticality",
                   "services": {
                     "todo-backend": {"action": "execute", "priority_score": 90},
                     "todo-frontend": {"action": "defer", "priority_score": 50,
                                       "defer_duration": "5 minutes"}}}}
                """);
    assertThat(DemoReport.describe(record))
        .isEqualTo(
            "resource_conflict: 150m CPU requested, 7400m available;"
                + " quota:todo-app/team-cpu/requests.cpu 150m requested, 100m available"
                + " (shortfall 50m); prioritize_by_criticality: todo-backend execute (score 90)"
                + " todo-frontend defer (score 50, 5 minutes)");
  }
}
