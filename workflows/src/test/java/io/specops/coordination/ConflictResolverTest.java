package io.specops.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import io.specops.decision.Action;
import io.specops.kubernetes.QuotaShare;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConflictResolverTest {
  private static final Instant NOW = Instant.parse("2026-02-10T18:30:00Z");
  private static final long MI = 1L << 20;
  private final FleetSettings settings = FleetSettings.defaults();

  @Test
  void whenBothFitBothAreGranted() {
    var r =
        resolve(
            List.of(request("todo-frontend", 50, 128, 1), request("todo-backend", 100, 256, 2)),
            capacity(1000, 2048),
            List.of(),
            settings,
            servicesWithoutDependencies());
    assertThat(r.answers()).allSatisfy(a -> assertThat(a.decision().granted()).isTrue());
    assertThat(r.conflictRecord()).isNull();
    assertThat(r.grants()).hasSize(2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void seed001ConflictBackendExecutesFrontendIsDeferredFiveMinutes() {
    var r =
        resolve(
            List.of(request("todo-frontend", 50, 128, 1), request("todo-backend", 100, 256, 2)),
            capacity(120, 300),
            List.of(),
            settings,
            seedServices());
    CapacityDecision backend = answer(r, "todo-backend");
    CapacityDecision frontend = answer(r, "todo-frontend");
    assertThat(backend.granted()).isTrue();
    assertThat(frontend.verdict()).isEqualTo("deferred");
    assertThat(frontend.deferDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(frontend.deferUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));

    Map<String, Object> detection =
        (Map<String, Object>) r.conflictRecord().get("conflict_detection");
    assertThat(detection)
        .containsEntry("conflicts_detected", true)
        .containsEntry("conflict_type", "resource_conflict");
    assertThat((Map<String, Object>) detection.get("cluster_capacity"))
        .containsEntry("cpu_available", "120m")
        .containsEntry("memory_available", "300Mi");
    assertThat((Map<String, Object>) detection.get("total_resources_requested"))
        .containsEntry("total_cpu", "150m");
    assertThat((Map<String, Object>) detection.get("capacity_check"))
        .containsEntry("cpu_sufficient", false)
        .containsEntry("cpu_shortfall", "30m");
    Map<String, Object> resolution =
        (Map<String, Object>) r.conflictRecord().get("conflict_resolution");
    assertThat(resolution).containsEntry("strategy", "prioritize_by_criticality");
    Map<String, Object> services = (Map<String, Object>) resolution.get("services");
    assertThat((Map<String, Object>) services.get("todo-backend"))
        .containsEntry("priority_level", "high")
        .containsEntry("criticality", "critical")
        .containsEntry("priority_score", 90)
        .containsEntry("action", "execute");
    assertThat((Map<String, Object>) services.get("todo-frontend"))
        .containsEntry("priority_level", "medium")
        .containsEntry("criticality", "standard")
        .containsEntry("priority_score", 50)
        .containsEntry("action", "defer")
        .containsEntry("defer_duration", "5 minutes");
    assertThat((String) ((Map<String, Object>) services.get("todo-frontend")).get("rationale"))
        .startsWith("todo-frontend deferred until resources available");
    assertThat(r.summary().deferred()).containsExactly("todo-frontend");
  }

  @Test
  void tiesAreBrokenByCriticalityPriorityDegradedSizeThenArrival() {
    List<CapacityRequest> requests =
        List.of(
            new CapacityRequest(
                "e-first-come",
                "w",
                "d5",
                Action.SCALE_UP,
                1,
                2,
                50,
                MI,
                "medium",
                "standard",
                false,
                null,
                List.of(),
                "closed",
                null,
                NOW.minusSeconds(9)),
            new CapacityRequest(
                "d-smaller",
                "w",
                "d4",
                Action.SCALE_UP,
                1,
                2,
                40,
                MI,
                "medium",
                "standard",
                false,
                null,
                List.of(),
                "closed",
                null,
                NOW),
            new CapacityRequest(
                "c-degraded",
                "w",
                "d3",
                Action.SCALE_UP,
                1,
                2,
                500,
                MI,
                "medium",
                "standard",
                true,
                "p95",
                List.of(),
                "closed",
                null,
                NOW),
            new CapacityRequest(
                "b-high",
                "w",
                "d2",
                Action.SCALE_UP,
                1,
                2,
                500,
                MI,
                "high",
                "standard",
                false,
                null,
                List.of(),
                "closed",
                null,
                NOW),
            new CapacityRequest(
                "a-critical",
                "w",
                "d1",
                Action.SCALE_UP,
                1,
                2,
                900,
                MI,
                "low",
                "critical",
                false,
                null,
                List.of(),
                "closed",
                null,
                NOW),
            new CapacityRequest(
                "f-later",
                "w",
                "d6",
                Action.SCALE_UP,
                1,
                2,
                50,
                MI,
                "medium",
                "standard",
                false,
                null,
                List.of(),
                "closed",
                null,
                NOW));
    List<String> order =
        requests.stream()
            .map(
                r ->
                    new ConflictResolver.Candidate(
                        r, PriorityScore.of(r.priority(), r.criticality())))
            .sorted(ConflictResolver.ORDER)
            .map(c -> c.request().service())
            .toList();
    assertThat(order)
        .containsExactly(
            "a-critical", "b-high", "c-degraded", "d-smaller", "e-first-come", "f-later");
  }

  @Test
  void priorityScoresFollowTheDocumentedTable() {
    assertThat(PriorityScore.of("high", "critical")).isEqualTo(90);
    assertThat(PriorityScore.of("medium", "standard")).isEqualTo(50);
    assertThat(PriorityScore.of("low", "critical"))
        .isGreaterThan(PriorityScore.of("critical", "standard"));
    assertThat(PriorityScore.of("critical", "critical")).isEqualTo(100);
    assertThat(PriorityScore.of("low", "standard")).isEqualTo(20);
  }

  @Test
  void atTheInFlightLimitRequestsWaitInsteadOfBeingDeferred() {
    List<Reservation> busy =
        List.of(Reservation.granted("other", "dec-x", 10, MI, NOW, null).asExecuted());
    var r =
        resolve(
            List.of(request("todo-frontend", 50, 128, 1)),
            capacity(1000, 2048),
            busy,
            settings.withMaxInFlight(1),
            servicesWithoutDependencies());
    assertThat(r.answers()).isEmpty();
    assertThat(r.held()).extracting(CapacityRequest::service).containsExactly("todo-frontend");
    assertThat(r.waitRecords())
        .singleElement()
        .satisfies(w -> assertThat(w).containsEntry("conflict_type", "timing_conflict"));
  }

  @Test
  void aServiceWaitsWhileOneItDependsOnIsBeingChanged() {
    List<Reservation> backendBusy =
        List.of(
            Reservation.granted("todo-backend", "dec-b", 100, 256 * MI, NOW, null).asExecuted());
    var r =
        resolve(
            List.of(request("todo-frontend", 50, 128, 1)),
            capacity(1000, 2048),
            backendBusy,
            settings,
            seedServices());
    assertThat(r.held()).hasSize(1);
    assertThat(r.waitRecords())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w).containsEntry("conflict_type", "dependency_conflict");
              assertThat(w.get("waiting_for")).isEqualTo(List.of("todo-backend"));
            });
  }

  @Test
  void grantedButNotYetExecutedOperationsHoldTheirResources() {
    List<Reservation> pendingGrant = List.of(Reservation.granted("x", "dec-x", 100, 0, NOW, null));
    var held =
        resolve(
            List.of(request("todo-backend", 100, 0, 1)),
            capacity(150, 0),
            pendingGrant,
            settings,
            servicesWithoutDependencies());
    assertThat(answer(held, "todo-backend").verdict()).isEqualTo("deferred");
    List<Reservation> executed =
        List.of(Reservation.granted("x", "dec-x", 100, 0, NOW, null).asExecuted());
    var free =
        resolve(
            List.of(request("todo-backend", 100, 0, 1)),
            capacity(150, 0),
            executed,
            settings,
            servicesWithoutDependencies());
    assertThat(answer(free, "todo-backend").granted()).isTrue();
  }

  @Test
  void scaleDownsAlwaysFit() {
    CapacityRequest down =
        new CapacityRequest(
            "todo-backend",
            "w",
            "dec-d",
            Action.SCALE_DOWN,
            4,
            3,
            -100,
            -256 * MI,
            "high",
            "critical",
            false,
            null,
            List.of(),
            "closed",
            null,
            NOW);
    var r = resolve(List.of(down), capacity(0, 0), List.of(), settings, seedServices());
    assertThat(answer(r, "todo-backend").granted()).isTrue();
  }

  // ---- helpers ----

  private ConflictResolver.Resolution resolve(
      List<CapacityRequest> requests,
      ClusterCapacity capacity,
      List<Reservation> reservations,
      FleetSettings s,
      Map<String, FleetService> services) {
    return ConflictResolver.resolve(
        requests, capacity, reservations, services, s, NOW, "conf-test-001");
  }

  /**
   * Seed 000's shared resources: both fit the cluster's CPU and memory, but each new replica opens
   * 20 database connections and the fleet file's budget has 30 left; the critical backend gets
   * them, the frontend is deferred, with the same conflict record and order as for CPU.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aScaleUpBeyondASharedBudgetIsDeferredInCriticalityOrder() {
    var ledger =
        new ConflictResolver.SharedLedger(
            Map.of("db_connections", 200.0), Map.of("db_connections", 170.0));
    var r =
        ConflictResolver.resolve(
            List.of(
                withShared(request("todo-frontend", 50, 128, 1), 20),
                withShared(request("todo-backend", 100, 256, 2), 20)),
            capacity(1000, 2048),
            List.of(),
            seedServices(),
            settings,
            NOW,
            "conf-x",
            ledger);
    assertThat(answer(r, "todo-backend").granted()).isTrue();
    CapacityDecision frontend = answer(r, "todo-frontend");
    assertThat(frontend.verdict()).isEqualTo("deferred");
    assertThat(frontend.rationale())
        .contains("shared resource db_connections: needs 20, 10 of its budget 200 left");
    Map<String, Object> detection =
        (Map<String, Object>) r.conflictRecord().get("conflict_detection");
    assertThat(detection).containsEntry("conflict_type", "resource_conflict");
    Map<String, Object> db =
        (Map<String, Object>)
            ((Map<String, Object>) detection.get("shared_resources")).get("db_connections");
    assertThat(db)
        .containsEntry("budget", 200.0)
        .containsEntry("used", 170.0)
        .containsEntry("available", 30.0)
        .containsEntry("requested", 40.0)
        .containsEntry("sufficient", false)
        .containsEntry("shortfall", 10.0);
    assertThat(r.grants())
        .singleElement()
        .satisfies(g -> assertThat(g.shared()).containsEntry("db_connections", 20.0));

    // a granted, not yet executed reservation holds its share: the next round has 10 left for the
    // frontend's 20
    var next =
        ConflictResolver.resolve(
            List.of(withShared(request("todo-frontend", 50, 128, 3), 20)),
            capacity(1000, 2048),
            r.grants(),
            seedServices(),
            settings,
            NOW,
            "conf-y",
            ledger);
    assertThat(answer(next, "todo-frontend").verdict()).isEqualTo("deferred");
    // without budgets the same requests are granted
    assertThat(
            ConflictResolver.resolve(
                    List.of(withShared(request("todo-frontend", 50, 128, 1), 20)),
                    capacity(1000, 2048),
                    List.of(),
                    servicesWithoutDependencies(),
                    settings,
                    NOW,
                    "conf-z")
                .answers()
                .get(0)
                .decision()
                .granted())
        .isTrue();
  }

  /**
   * Two services of one namespace scale up together and each fits its ResourceQuota alone: the
   * quota's room is pooled as a shared resource, so the critical backend takes it and the frontend
   * is deferred, with a rationale that names the quota in its own units.
   */
  @Test
  void servicesOfOneNamespaceShareItsQuotaRoom() {
    String cpu = QuotaShare.key("todo-app", "team-cpu", "requests.cpu");
    var room = new ConflictResolver.SharedLedger(Map.of(cpu, 0.1), Map.of());
    var r =
        ConflictResolver.resolve(
            List.of(
                withShared(request("todo-frontend", 50, 128, 1), Map.of(cpu, 0.05)),
                withShared(request("todo-backend", 100, 256, 2), Map.of(cpu, 0.1))),
            capacity(1000, 2048),
            List.of(),
            seedServices(),
            settings,
            NOW,
            "conf-q",
            room);
    assertThat(answer(r, "todo-backend").granted()).isTrue();
    assertThat(answer(r, "todo-frontend").rationale())
        .isEqualTo(
            "todo-frontend deferred until resources available: the namespace todo-app's"
                + " ResourceQuota team-cpu (requests.cpu): needs 50m, 0m left after todo-backend");
    // alone, the frontend fits the same room
    assertThat(
            answer(
                    ConflictResolver.resolve(
                        List.of(
                            withShared(request("todo-frontend", 50, 128, 1), Map.of(cpu, 0.05))),
                        capacity(1000, 2048),
                        List.of(),
                        servicesWithoutDependencies(),
                        settings,
                        NOW,
                        "conf-r",
                        room),
                    "todo-frontend")
                .granted())
        .isTrue();
  }

  private static CapacityRequest withShared(CapacityRequest r, double connections) {
    return withShared(r, Map.of("db_connections", connections));
  }

  static CapacityRequest withShared(CapacityRequest r, Map<String, Double> shared) {
    return new CapacityRequest(
        r.service(),
        r.workflowId(),
        r.decisionId(),
        r.action(),
        r.currentReplicas(),
        r.targetReplicas(),
        r.cpuMillis(),
        r.memoryBytes(),
        r.priority(),
        r.criticality(),
        r.degraded(),
        r.degradedReason(),
        r.dependencies(),
        r.breakerState(),
        r.lastOperationAt(),
        r.requestedAt(),
        shared);
  }

  private static CapacityDecision answer(ConflictResolver.Resolution r, String service) {
    return r.answers().stream()
        .filter(a -> a.request().service().equals(service))
        .findFirst()
        .orElseThrow()
        .decision();
  }

  private static ClusterCapacity capacity(long freeCpu, long freeMemoryMi) {
    return new ClusterCapacity(freeCpu + 400, 400, (freeMemoryMi + 1024) * MI, 1024 * MI, "test");
  }

  private static CapacityRequest request(String service, long cpu, long memoryMi, int arrival) {
    Blueprint bp =
        service.equals("todo-backend") ? TestBlueprints.backend() : TestBlueprints.frontend();
    return new CapacityRequest(
        service,
        "specops-service-" + service,
        "dec-20260210-183000-00" + arrival,
        Action.SCALE_UP,
        2,
        3,
        cpu,
        memoryMi * MI,
        bp.metadata().priority().wire(),
        bp.metadata().criticality().wire(),
        false,
        null,
        bp.spec().dependencies(),
        "closed",
        null,
        NOW.plusSeconds(arrival));
  }

  private static Map<String, FleetService> seedServices() {
    Map<String, FleetService> out = new LinkedHashMap<>();
    for (Blueprint bp : List.of(TestBlueprints.frontend(), TestBlueprints.backend())) {
      out.put(
          bp.name(),
          new FleetService(bp.name(), "specops-service-" + bp.name(), bp, "", "running"));
    }
    return out;
  }

  private static Map<String, FleetService> servicesWithoutDependencies() {
    Map<String, FleetService> out = new LinkedHashMap<>();
    Blueprint frontend =
        BlueprintParser.parse(
            "f.yaml", TestBlueprints.yaml("frontend").replace("dependencies: [todo-backend]", ""));
    out.put(frontend.name(), new FleetService(frontend.name(), "w", frontend, "", "running"));
    out.put(
        "todo-backend",
        new FleetService("todo-backend", "w", TestBlueprints.backend(), "", "running"));
    return out;
  }
}
