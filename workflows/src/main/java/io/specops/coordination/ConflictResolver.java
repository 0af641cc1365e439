package io.specops.coordination;

import io.specops.blueprint.Quantities;
import io.specops.kubernetes.QuotaShare;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves one round of capacity requests (docs/design.md "The coordinator"; seed 000 "Conflict
 * Resolution" in docs/seeds.md). Requests are ordered by criticality, then priority, then degraded
 * state, then the smaller request, then first come; each is granted if it fits the cluster's free
 * capacity, deferred for {@code defer_duration} if it does not, and held (answered later) while the
 * fleet is at its in-flight limit or while a service it depends on is being changed. Pure and
 * deterministic, so the coordinator workflow can run it.
 */
public final class ConflictResolver {

  /** Conflict order: the first element is served first. */
  public static final Comparator<Candidate> ORDER =
      Comparator.comparingInt((Candidate c) -> c.request().criticality().equals("critical") ? 0 : 1)
          .thenComparingInt(c -> -c.score())
          .thenComparingInt(c -> c.request().degraded() ? 0 : 1)
          .thenComparingLong(c -> Math.max(0, c.request().cpuMillis()))
          .thenComparingLong(c -> Math.max(0, c.request().memoryBytes()))
          .thenComparing(c -> c.request().requestedAt())
          .thenComparing(c -> c.request().decisionId());

  /** A request with its priority score. */
  public record Candidate(CapacityRequest request, int score) {}

  /** What to answer now, what stays waiting, and the records of the round. */
  public record Resolution(
      List<Answer> answers,
      List<CapacityRequest> held,
      List<Reservation> grants,
      Map<String, Object> conflictRecord,
      List<Map<String, Object>> waitRecords,
      Map<String, Object> independenceRecord,
      ConflictSummary summary) {}

  /** The answer for one request. */
  public record Answer(CapacityRequest request, CapacityDecision decision) {}

  private ConflictResolver() {}

  /**
   * The fleet's shared resources (seed 000 "Shared Resources"): each one's budget from the fleet
   * file and what the services' current replicas use of it.
   */
  public record SharedLedger(Map<String, Double> budgets, Map<String, Double> used) {
    public static SharedLedger none() {
      return new SharedLedger(Map.of(), Map.of());
    }
  }

  public static Resolution resolve(
      List<CapacityRequest> pending,
      ClusterCapacity capacity,
      List<Reservation> reservations,
      Map<String, FleetService> services,
      FleetSettings settings,
      Instant now,
      String roundId) {
    return resolve(
        pending, capacity, reservations, services, settings, now, roundId, SharedLedger.none());
  }

  public static Resolution resolve(
      List<CapacityRequest> pending,
      ClusterCapacity capacity,
      List<Reservation> reservations,
      Map<String, FleetService> services,
      FleetSettings settings,
      Instant now,
      String roundId,
      SharedLedger shared) {
    Map<String, Double> freeShared = new TreeMap<>();
    shared
        .budgets()
        .forEach(
            (name, budget) -> freeShared.put(name, budget - shared.used().getOrDefault(name, 0.0)));
    for (Reservation r : reservations) {
      if (!r.executed()) {
        r.shared()
            .forEach(
                (name, amount) ->
                    freeShared.computeIfPresent(name, (k, v) -> v - Math.max(0, amount)));
      }
    }
    Map<String, Double> availableShared = new TreeMap<>(freeShared);
    long freeCpu = capacity.cpuFreeMillis();
    long freeMemory = capacity.memoryFreeBytes();
    Set<String> busy = new HashSet<>();
    for (Reservation r : reservations) {
      if (!r.executed()) {
        freeCpu -= Math.max(0, r.cpuMillis());
        freeMemory -= Math.max(0, r.memoryBytes());
      }
      if (!r.finished()) {
        busy.add(r.service());
      }
    }
    Held holders = Held.of(reservations, freeShared.keySet());
    long availableCpu = Math.max(0, freeCpu);
    long availableMemory = Math.max(0, freeMemory);
    // a rolled-back scale-down still holds its room, but its operation is over
    int inFlight = (int) reservations.stream().filter(r -> !r.finished()).count();

    List<Candidate> order = new ArrayList<>();
    for (CapacityRequest r : pending) {
      order.add(new Candidate(r, PriorityScore.of(r.priority(), r.criticality())));
    }
    order.sort(ORDER);

    long totalCpu = order.stream().mapToLong(c -> Math.max(0, c.request().cpuMillis())).sum();
    long totalMemory = order.stream().mapToLong(c -> Math.max(0, c.request().memoryBytes())).sum();
    long growing =
        order.stream()
            .filter(c -> c.request().cpuMillis() > 0 || c.request().memoryBytes() > 0)
            .count();
    Map<String, Double> totalShared = new TreeMap<>();
    for (Candidate c : order) {
      c.request()
          .shared()
          .forEach(
              (name, amount) -> {
                if (availableShared.containsKey(name)) {
                  totalShared.merge(name, Math.max(0, amount), Double::sum);
                }
              });
    }
    boolean sharedShort =
        totalShared.entrySet().stream()
            .anyMatch(e -> e.getValue() > availableShared.get(e.getKey()) + 1e-9);
    boolean shortage = totalCpu > availableCpu || totalMemory > availableMemory || sharedShort;
    boolean conflict = growing >= 2 && shortage;

    List<Answer> answers = new ArrayList<>();
    List<CapacityRequest> held = new ArrayList<>();
    List<Reservation> grants = new ArrayList<>();
    List<Map<String, Object>> waits = new ArrayList<>();
    Map<String, Object> perService = new LinkedHashMap<>();
    List<String> executed = new ArrayList<>();
    List<String> deferred = new ArrayList<>();
    List<String> grantedNames = new ArrayList<>();

    for (Candidate c : order) {
      CapacityRequest r = c.request();
      FleetService svc = services.get(r.service());
      List<String> blockers = new ArrayList<>();
      if (svc != null) {
        for (String dep : svc.blueprint().spec().dependencies()) {
          if (busy.contains(dep)) {
            blockers.add(dep);
          }
        }
      }
      String action;
      String rationale;
      boolean fits =
          Math.max(0, r.cpuMillis()) <= freeCpu && Math.max(0, r.memoryBytes()) <= freeMemory;
      String overBudget = null;
      String overBudgetName = null;
      for (Map.Entry<String, Double> e : r.shared().entrySet()) {
        Double free = freeShared.get(e.getKey());
        if (free != null && e.getValue() > 0 && e.getValue() > free + 1e-9) {
          overBudget = overBudget(e.getKey(), e.getValue(), free, shared);
          overBudgetName = e.getKey();
          break;
        }
      }
      if (!fits || overBudget != null) {
        action = "defer";
        rationale =
            r.service()
                + " deferred until resources available: "
                + (overBudget != null && fits
                    ? overBudget
                    : "needs "
                        + need(r)
                        + ", "
                        + Quantities.formatCpu(Math.max(0, freeCpu))
                        + " CPU and "
                        + Quantities.formatMemory(Math.max(0, freeMemory))
                        + " memory free")
                + (grantedNames.isEmpty() ? "" : " after " + String.join(", ", grantedNames))
                + (overBudget != null && fits
                    ? holders.of(overBudgetName)
                    : holders.ofCpuAndMemory());
        deferred.add(r.service());
        Duration d = settings.deferDuration();
        answers.add(
            new Answer(
                r,
                new CapacityDecision(
                    r.decisionId(), "deferred", d, now.plus(d), rationale, roundId)));
      } else if (busy.contains(r.service())) {
        held.add(r);
        action = "wait";
        rationale = r.service() + " already has an operation in flight; it waits for it to finish";
        waits.add(waitRecord(r, "timing_conflict", List.of(r.service()), rationale, roundId));
      } else if (!blockers.isEmpty()) {
        held.add(r);
        action = "wait";
        rationale =
            r.service()
                + " depends on "
                + String.join(", ", blockers)
                + ", which "
                + (blockers.size() == 1 ? "is" : "are")
                + " being changed; it waits until "
                + (blockers.size() == 1 ? "that operation finishes" : "those operations finish");
        waits.add(waitRecord(r, "dependency_conflict", blockers, rationale, roundId));
      } else if (inFlight >= settings.maxInFlight()) {
        held.add(r);
        action = "wait";
        rationale =
            "the fleet already has "
                + inFlight
                + " operations in flight (limit "
                + settings.maxInFlight()
                + "); "
                + r.service()
                + " waits for one to finish";
        waits.add(
            waitRecord(r, "timing_conflict", List.copyOf(new TreeSet<>(busy)), rationale, roundId));
      } else {
        freeCpu -= Math.max(0, r.cpuMillis());
        freeMemory -= Math.max(0, r.memoryBytes());
        r.shared()
            .forEach(
                (name, amount) ->
                    freeShared.computeIfPresent(name, (k, v) -> v - Math.max(0, amount)));
        inFlight++;
        busy.add(r.service());
        grants.add(
            Reservation.granted(
                r.service(),
                r.decisionId(),
                r.cpuMillis(),
                r.memoryBytes(),
                now,
                r.shared().isEmpty() ? null : r.shared()));
        action = "execute";
        rationale = grantRationale(r, c.score(), conflict, grantedNames);
        grantedNames.add(r.service());
        executed.add(r.service());
        answers.add(
            new Answer(
                r,
                new CapacityDecision(
                    r.decisionId(), "granted", null, null, rationale, conflict ? roundId : null)));
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("priority_level", r.priority());
      entry.put("criticality", r.criticality());
      entry.put("priority_score", c.score());
      entry.put("degraded", r.degraded());
      entry.put("action", action);
      if (action.equals("defer")) {
        entry.put("defer_duration", humanDuration(settings.deferDuration()));
      }
      entry.put("rationale", rationale);
      perService.put(r.service(), entry);
    }

    Map<String, Object> conflictRecord = null;
    ConflictSummary summary = null;
    if (shortage && growing >= 1 && !deferred.isEmpty()) {
      conflictRecord =
          conflictRecord(
              roundId,
              conflict,
              order,
              availableCpu,
              availableMemory,
              totalCpu,
              totalMemory,
              perService);
      if (!totalShared.isEmpty()) {
        Map<String, Object> sharedCheck = new LinkedHashMap<>();
        totalShared.forEach(
            (name, requested) -> {
              Map<String, Object> one = new LinkedHashMap<>();
              one.put("budget", shared.budgets().get(name));
              one.put("used", shared.used().getOrDefault(name, 0.0));
              one.put("available", availableShared.get(name));
              one.put("requested", requested);
              one.put("sufficient", requested <= availableShared.get(name) + 1e-9);
              if (requested > availableShared.get(name) + 1e-9) {
                one.put("shortfall", requested - availableShared.get(name));
              }
              sharedCheck.put(name, one);
            });
        @SuppressWarnings("unchecked")
        Map<String, Object> detection =
            (Map<String, Object>) conflictRecord.get("conflict_detection");
        detection.put("shared_resources", sharedCheck);
      }
      summary =
          new ConflictSummary(
              roundId,
              now,
              conflict ? "resource_conflict" : "insufficient_capacity",
              executed,
              deferred,
              conflict
                  ? "prioritize_by_criticality: "
                      + String.join(", ", executed)
                      + " executes; "
                      + String.join(", ", deferred)
                      + " deferred "
                      + humanDuration(settings.deferDuration())
                  : String.join(", ", deferred)
                      + " deferred "
                      + humanDuration(settings.deferDuration())
                      + ": not enough free capacity");
    }
    return new Resolution(
        answers,
        held,
        grants,
        conflictRecord,
        waits,
        independence(roundId, order, conflict || !deferred.isEmpty()),
        summary);
  }

  private static String grantRationale(
      CapacityRequest r, int score, boolean conflict, List<String> before) {
    if (!conflict) {
      return "Capacity available: " + need(r) + " fits the cluster's free capacity";
    }
    String why =
        "critical".equals(r.criticality())
            ? r.service()
                + " is a critical service (priority "
                + r.priority()
                + ", score "
                + score
                + "), gets priority"
            : r.service() + " ranks next (priority " + r.priority() + ", score " + score + ")";
    return why
        + "; "
        + need(r)
        + " fits"
        + (before.isEmpty() ? "" : " after " + String.join(", ", before));
  }

  private static Map<String, Object> conflictRecord(
      String roundId,
      boolean conflict,
      List<Candidate> order,
      long cpuFree,
      long memoryFree,
      long totalCpu,
      long totalMemory,
      Map<String, Object> perService) {
    Map<String, Object> capacity = new LinkedHashMap<>();
    capacity.put("cpu_available", Quantities.formatCpu(cpuFree));
    capacity.put("memory_available", Quantities.formatMemory(memoryFree));
    Map<String, Object> requested = new LinkedHashMap<>();
    Map<String, Object> byService = new LinkedHashMap<>();
    for (Candidate c : order) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("cpu", Quantities.formatCpu(c.request().cpuMillis()));
      one.put("memory", Quantities.formatMemory(c.request().memoryBytes()));
      one.put("replicas", c.request().currentReplicas() + " -> " + c.request().targetReplicas());
      byService.put(c.request().service(), one);
    }
    requested.put("per_service", byService);
    requested.put("total_cpu", Quantities.formatCpu(totalCpu));
    requested.put("total_memory", Quantities.formatMemory(totalMemory));
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("cpu_sufficient", totalCpu <= cpuFree);
    if (totalCpu > cpuFree) {
      check.put("cpu_shortfall", Quantities.formatCpu(totalCpu - cpuFree));
    }
    check.put("memory_sufficient", totalMemory <= memoryFree);
    if (totalMemory > memoryFree) {
      check.put("memory_shortfall", Quantities.formatMemory(totalMemory - memoryFree));
    }
    Map<String, Object> detection = new LinkedHashMap<>();
    detection.put("conflicts_detected", conflict);
    detection.put("conflict_type", conflict ? "resource_conflict" : "insufficient_capacity");
    detection.put("cluster_capacity", capacity);
    detection.put("total_resources_requested", requested);
    detection.put("capacity_check", check);
    Map<String, Object> resolution = new LinkedHashMap<>();
    resolution.put("strategy", "prioritize_by_criticality");
    resolution.put("order", order.stream().map(c -> c.request().service()).toList());
    resolution.put("services", perService);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("conflict_id", roundId);
    record.put("conflict_detection", detection);
    record.put("conflict_resolution", resolution);
    return record;
  }

  private static Map<String, Object> waitRecord(
      CapacityRequest r, String type, List<String> blockers, String rationale, String roundId) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("conflict_id", roundId);
    record.put("conflict_type", type);
    record.put("decision_id", r.decisionId());
    record.put("waiting_for", blockers);
    record.put("action", "wait");
    record.put("rationale", rationale);
    return record;
  }

  /**
   * Seed 001 Step 6: each service of the round was decided on its own blueprint, metrics and
   * governance.
   */
  private static Map<String, Object> independence(
      String roundId, List<Candidate> order, boolean coordinated) {
    Map<String, Object> verification = new LinkedHashMap<>();
    for (Candidate c : order) {
      verification.put(c.request().service() + "_decision_independent", true);
    }
    verification.put("no_cross_service_interference", !coordinated);
    verification.put("separate_blueprints_used", true);
    verification.put("separate_metrics_collected", true);
    verification.put("separate_governance_applied", true);
    verification.put(
        "rationale",
        coordinated
            ? "Each service decided on its own blueprint, metrics and governance; the coordinator only ordered their operations "
                + "because they competed for the same cluster capacity or timing."
            : "Each service decided on its own blueprint, metrics and governance; no operation affected another.");
    Map<String, Object> cooldowns = new LinkedHashMap<>();
    Map<String, Object> breakers = new LinkedHashMap<>();
    for (Candidate c : order) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put(
          "last_operation",
          c.request().lastOperationAt() == null ? null : c.request().lastOperationAt().toString());
      one.put("cooldown_elapsed", true);
      cooldowns.put(c.request().service(), one);
      breakers.put(c.request().service(), c.request().breakerState());
    }
    Map<String, Object> proof = new LinkedHashMap<>();
    proof.put("separate_cooldown_timers", cooldowns);
    proof.put("separate_circuit_breakers", breakers);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("round_id", roundId);
    record.put("independence_verification", verification);
    record.put("service_isolation_proof", proof);
    return record;
  }

  /**
   * Why a request does not fit a shared resource: "shared resource db-connections: needs 20, 10 of
   * its budget 100 left", or for a namespace's quota "the namespace todo-app's ResourceQuota
   * team-cpu (requests.cpu): needs 100m, 50m left".
   */
  private static String overBudget(String name, double needs, double free, SharedLedger shared) {
    if (QuotaShare.isKey(name)) {
      return QuotaShare.describe(name)
          + ": needs "
          + QuotaShare.format(name, needs)
          + ", "
          + QuotaShare.format(name, Math.max(0, free))
          + " left";
    }
    return "shared resource "
        + name
        + ": needs "
        + QuotaShare.format(name, needs)
        + ", "
        + QuotaShare.format(name, Math.max(0, free))
        + " of its budget "
        + QuotaShare.format(name, shared.budgets().get(name))
        + " left";
  }

  /**
   * What the operations in flight hold, by service: granted room no capacity reading counts yet, or
   * a scale-down's freed room kept for its rollback. A deferral names them, since the cluster (or
   * `kubectl describe quota`) shows that room as free.
   */
  private record Held(
      Map<String, Long> cpu, Map<String, Long> memory, Map<String, Map<String, Double>> shared) {
    static Held of(List<Reservation> reservations, Set<String> budgeted) {
      Map<String, Long> cpu = new TreeMap<>();
      Map<String, Long> memory = new TreeMap<>();
      Map<String, Map<String, Double>> shared = new TreeMap<>();
      for (Reservation r : reservations) {
        if (r.executed()) {
          continue;
        }
        if (r.cpuMillis() > 0) {
          cpu.merge(r.service(), r.cpuMillis(), Long::sum);
        }
        if (r.memoryBytes() > 0) {
          memory.merge(r.service(), r.memoryBytes(), Long::sum);
        }
        r.shared()
            .forEach(
                (name, amount) -> {
                  if (amount > 0 && budgeted.contains(name)) {
                    shared
                        .computeIfAbsent(name, k -> new TreeMap<>())
                        .merge(r.service(), amount, Double::sum);
                  }
                });
      }
      return new Held(cpu, memory, shared);
    }

    /** " (held for operations in flight: alpha 10m)", or "" when none holds {@code name}. */
    String of(String name) {
      Map<String, Double> by = shared.getOrDefault(name, Map.of());
      return said(
          by.entrySet().stream()
              .map(e -> e.getKey() + " " + QuotaShare.format(name, e.getValue()))
              .toList());
    }

    /** " (held for operations in flight: todo-frontend 200m CPU / 0 memory)", or "". */
    String ofCpuAndMemory() {
      Set<String> services = new TreeSet<>(cpu.keySet());
      services.addAll(memory.keySet());
      return said(
          services.stream()
              .map(
                  s ->
                      s
                          + " "
                          + Quantities.formatCpu(cpu.getOrDefault(s, 0L))
                          + " CPU / "
                          + Quantities.formatMemory(memory.getOrDefault(s, 0L))
                          + " memory")
              .toList());
    }

    private static String said(List<String> holders) {
      return holders.isEmpty()
          ? ""
          : " (held for operations in flight: " + String.join(", ", holders) + ")";
    }
  }

  static String need(CapacityRequest r) {
    return Quantities.formatCpu(Math.max(0, r.cpuMillis()))
        + " CPU / "
        + Quantities.formatMemory(Math.max(0, r.memoryBytes()))
        + " memory";
  }

  /** "5 minutes", as seed 001 writes defer_duration. */
  public static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      long h = seconds / 3600;
      return h + (h == 1 ? " hour" : " hours");
    }
    if (seconds % 60 == 0 && seconds > 0) {
      long m = seconds / 60;
      return m + (m == 1 ? " minute" : " minutes");
    }
    return seconds + (seconds == 1 ? " second" : " seconds");
  }
}
