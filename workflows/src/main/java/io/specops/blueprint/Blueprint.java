package io.specops.blueprint;

import io.specops.decision.Action;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * One service's blueprint, after parsing and validation, with every default applied. The YAML
 * layout (documented in docs/blueprint.md) maps one to one onto these records; {@link #source} is
 * the file it came from, used in blueprint references such as {@code
 * blueprints/frontend/blueprint.yaml:spec.scaling.max_replicas}.
 */
public record Blueprint(String source, Metadata metadata, Spec spec) {

  public String name() {
    return metadata.name();
  }

  /** A reference to a field of this blueprint, as governance and rationales cite it. */
  public String ref(String fieldPath) {
    return source + ":" + fieldPath;
  }

  public record Metadata(
      String name, String version, String namespace, Priority priority, Criticality criticality) {}

  public record Spec(
      Target target,
      Scaling scaling,
      Resources resources,
      Performance performance,
      Evaluation evaluation,
      Governance governance,
      List<String> dependencies,
      Notifications notifications,
      MetricsConfig metrics,
      Prediction prediction,
      Evidence evidence) {

    /**
     * The evidence settings; blueprints parsed before the section existed (recorded histories) get
     * the defaults.
     */
    public Evidence evidenceOrDefaults() {
      return evidence != null ? evidence : Evidence.DEFAULTS;
    }
  }

  /**
   * Incident evidence (docs/evidence.md): collected on the {@code triggers} (and every {@code
   * interval} when set), reading logs, events and rollouts {@code window} back.
   */
  public record Evidence(
      boolean enabled, Duration window, int maxLogLines, Duration interval, List<String> triggers) {
    public static final List<String> TRIGGERS =
        List.of("rolled_back", "partial", "failed", "breaker_opened", "unhealthy");
    public static final Evidence DEFAULTS =
        new Evidence(true, Duration.ofMinutes(15), 2000, null, TRIGGERS);

    public boolean on(String trigger) {
      return enabled && triggers.contains(trigger);
    }
  }

  /** The workload whose replicas SpecOps sets. */
  public record Target(String kind, String name) {}

  public record Scaling(
      int minReplicas,
      int maxReplicas,
      double targetCpuUtilization,
      double targetMemoryUtilization,
      double scaleUpThreshold,
      double scaleDownThreshold,
      int maxStep,
      double saturationGuard,
      Cooldown cooldown) {}

  /**
   * Per direction: after an operation, that direction waits out its cooldown; evaluations go on.
   * {@code scaleDownAfterScaleUp} optionally holds back a scale-down right after a scale-up (zero:
   * only the scale-down cooldown applies).
   */
  public record Cooldown(Duration scaleUp, Duration scaleDown, Duration scaleDownAfterScaleUp) {
    public Cooldown(Duration scaleUp, Duration scaleDown) {
      this(scaleUp, scaleDown, Duration.ZERO);
    }

    public Duration after(Action action) {
      return action == Action.SCALE_DOWN ? scaleDown : scaleUp;
    }

    /** Blueprints recorded before this field existed carry none: zero. */
    @Override
    public Duration scaleDownAfterScaleUp() {
      return scaleDownAfterScaleUp == null ? Duration.ZERO : scaleDownAfterScaleUp;
    }
  }

  /** Per-replica requests and limits; requests drive the coordinator's capacity ledger. */
  /**
   * Per-replica requests and limits, and what one replica uses of the fleet's shared resources
   * ({@code shared}: database connections, an external API's rate, bandwidth; budgets in the fleet
   * file, docs/coordination.md).
   */
  public record Resources(
      long cpuRequestMillis,
      long cpuLimitMillis,
      long memoryRequestBytes,
      long memoryLimitBytes,
      Map<String, Double> shared) {
    public Resources(
        long cpuRequestMillis,
        long cpuLimitMillis,
        long memoryRequestBytes,
        long memoryLimitBytes) {
      this(cpuRequestMillis, cpuLimitMillis, memoryRequestBytes, memoryLimitBytes, Map.of());
    }

    /** Blueprints recorded before shared resources existed carry none. */
    @Override
    public Map<String, Double> shared() {
      return shared == null ? Map.of() : shared;
    }
  }

  public record Performance(Duration latencyP95Target, double errorRateThreshold) {}

  public record Evaluation(Duration interval, Weights weights) {}

  public record Weights(double cpu, double memory, double latency) {}

  public record Governance(
      List<Action> allowedOperations,
      List<Action> deniedOperations,
      List<String> approvers,
      Duration approvalTimeout,
      ApprovalRules requireApproval,
      List<FreezeWindow> changeFreeze,
      boolean dryRun) {}

  /** When an otherwise allowed operation needs a human: null fields are rules not set. */
  public record ApprovalRules(
      boolean scaleUp, boolean scaleDown, Integer stepAbove, Integer replicasAbove) {
    public boolean any() {
      return scaleUp || scaleDown || stepAbove != null || replicasAbove != null;
    }
  }

  /** A weekly window, in UTC, during which no operation runs; it may cross midnight. */
  public record FreezeWindow(List<DayOfWeek> days, LocalTime start, LocalTime end, String reason) {}

  /**
   * Where a service's notifications go: a webhook, email addresses, or both. Blueprints recorded
   * before email existed have none.
   */
  public record Notifications(String webhookUrl, List<String> events, List<String> email) {
    public Notifications {
      email = email == null ? List.of() : email;
    }
  }

  public record MetricsConfig(String source, Map<String, String> queries, Duration maxAge) {}

  /**
   * Seed 002's prediction: EMA {@code alpha}, {@code horizon} for forecasts people ask for, and
   * {@code startup}, how long a new pod takes to serve: a predictive scale-up looks one start-up
   * plus one evaluation interval ahead.
   */
  /**
   * How SpecOps looks ahead. {@code model}: "forecast" (the demand forecaster, docs/forecasting.md;
   * the default) or "ema" (seed 002's EMA and trend of the weighted utilization). {@code coverage}:
   * the share of buckets the forecaster's upper bound must cover. Blueprints recorded before these
   * fields existed read as the defaults.
   */
  public record Prediction(
      boolean enabled,
      double alpha,
      Duration horizon,
      Duration startup,
      String model,
      Double coverage) {
    public static final String FORECAST = "forecast";
    public static final String EMA = "ema";
    public static final double DEFAULT_COVERAGE = 0.90;

    public Prediction(boolean enabled, double alpha, Duration horizon, Duration startup) {
      this(enabled, alpha, horizon, startup, FORECAST, DEFAULT_COVERAGE);
    }

    @Override
    public String model() {
      return model == null ? FORECAST : model;
    }

    @Override
    public Double coverage() {
      return coverage == null ? DEFAULT_COVERAGE : coverage;
    }

    public boolean forecasts() {
      return enabled && FORECAST.equals(model());
    }
  }
}
