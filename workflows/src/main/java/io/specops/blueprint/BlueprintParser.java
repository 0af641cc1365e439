package io.specops.blueprint;

import io.specops.decision.Action;
import java.io.StringReader;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a blueprint from YAML text and validates it, reporting every problem at once with the file,
 * the field path and, where known, the line. Pure: no I/O, so workflow code may call it (a
 * blueprint update arrives as a signal carrying YAML text).
 */
public final class BlueprintParser {

  /** A shared resource's name, as in the fleet file. */
  public static final Pattern SHARED_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  public static final Set<String> METRIC_NAMES =
      Set.of("cpu", "memory", "latency_p50", "latency_p95", "throughput", "error_rate", "demand");

  /**
   * Query names the parser once accepted and nothing ever read: replica counts come from the
   * Kubernetes API. Refused now, except in the histories of workflows that accepted them.
   */
  private static final Set<String> UNREAD_METRICS = Set.of("replicas", "ready_replicas");

  /* A bare address: the SMTP server is the judge of the rest; names and comments are not allowed. */
  private static final Pattern EMAIL_ADDRESS =
      Pattern.compile("[^@\\s<>(),;:\"]+@[^@\\s<>(),;:\"]+\\.[^@\\s<>(),;:\"]+");

  public static final List<String> NOTIFICATION_EVENTS =
      List.of(
          "approval_needed",
          "operation_failed",
          "rolled_back",
          "breaker_opened",
          "deferred",
          "operation_succeeded",
          "evidence");
  static final Set<String> METRIC_SOURCES = Set.of("auto", "simulated", "prometheus", "kubernetes");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final int MAX_BLUEPRINT_CHARS = 1_000_000;
  private static final long UNPARSED = Long.MIN_VALUE;

  private BlueprintParser() {}

  /** Parses {@code yaml}; {@code source} names it in errors and blueprint references. */
  public static Blueprint parse(String source, String yaml) {
    return parse(source, yaml, p -> {}, true);
  }

  /**
   * As {@link #parse}, but a query for {@code replicas} or {@code ready_replicas} is accepted (and
   * never read) as it was before those were refused: for the service workflow's replay of histories
   * that accepted such an update.
   */
  public static Blueprint parseAcceptingUnreadQueries(String source, String yaml) {
    return parse(source, yaml, p -> {}, false);
  }

  /** Whether the blueprint has a query {@link #parse} refuses as never read. */
  public static boolean namesUnreadQuery(Blueprint bp) {
    return bp.spec().metrics().queries().keySet().stream().anyMatch(UNREAD_METRICS::contains);
  }

  /** Every field path the parser understands, e.g. {@code spec.scaling.max_replicas}. */
  public static Set<String> knownFieldPaths() {
    Set<String> paths = new LinkedHashSet<>();
    String probe = "metadata: {}\nspec:\n  governance:\n    change_freeze: [{}]\n";
    try {
      parse("probe", probe, paths::add, true);
    } catch (BlueprintException expected) {
      // the probe lacks required fields; only the declared paths matter here
    }
    return paths;
  }

  private static Blueprint parse(
      String source, String yaml, Consumer<String> declared, boolean refuseUnreadQueries) {
    Problems problems = new Problems(source);
    if (yaml == null || yaml.isBlank()) {
      problems.add("", 0, "the blueprint is empty");
      throw new BlueprintException(problems.all());
    }
    if (yaml.length() > MAX_BLUEPRINT_CHARS) {
      problems.add("", 0, "the blueprint is larger than " + MAX_BLUEPRINT_CHARS + " characters");
      throw new BlueprintException(problems.all());
    }
    Node root = compose(yaml, problems);
    if (root == null) {
      throw new BlueprintException(problems.all());
    }
    YamlObject doc = YamlObject.of("", root, problems, declared);
    if (!problems.isEmpty()) {
      throw new BlueprintException(problems.all());
    }
    Blueprint.Metadata metadata = metadata(doc.object("metadata"));
    YamlObject specNode = doc.object("spec");
    if (!doc.has("spec")) {
      doc.error(
          "spec",
          "missing (every blueprint needs spec.scaling, spec.resources and spec.performance)");
    }
    Blueprint.Spec spec = spec(specNode, metadata, source, refuseUnreadQueries);
    doc.rejectUnknown();
    if (!problems.isEmpty()) {
      throw new BlueprintException(problems.all());
    }
    return new Blueprint(source, metadata, spec);
  }

  static Node compose(String yaml, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(30);
    options.setCodePointLimit(MAX_BLUEPRINT_CHARS);
    Yaml parser = new Yaml(new SafeConstructor(options));
    try {
      List<Node> documents = new ArrayList<>();
      for (Node node : parser.composeAll(new StringReader(yaml))) {
        documents.add(node);
      }
      if (documents.isEmpty()) {
        problems.add("", 0, "the blueprint is empty");
        return null;
      }
      if (documents.size() > 1) {
        problems.add(
            "",
            YamlObject.lineOf(documents.get(1)),
            "one blueprint per file (found " + documents.size() + " YAML documents)");
        return null;
      }
      return documents.get(0);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      problems.add(
          "",
          mark == null ? 0 : mark.getLine() + 1,
          "malformed YAML: "
              + what
              + context
              + (mark == null ? "" : " at column " + (mark.getColumn() + 1)));
      return null;
    } catch (YAMLException e) {
      problems.add("", 0, "malformed YAML: " + e.getMessage());
      return null;
    } catch (IllegalArgumentException e) {
      // SnakeYAML refuses some malformed input outside its own exception type (a tag such as
      // "! x" with a space: "Tag must not contain leading or trailing spaces")
      problems.add("", 0, "malformed YAML: " + e.getMessage());
      return null;
    }
  }

  private static Blueprint.Metadata metadata(YamlObject m) {
    String name = m.string("name").orElse(null);
    if (name == null) {
      m.error(null, "metadata.name is missing (the service name, e.g. todo-frontend)");
    } else if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      m.error(
          "name",
          "\""
              + name
              + "\" is not a valid service name (lower-case letters, digits and '-', at most 63)");
    }
    String version = m.string("version").orElse(null);
    String namespace = m.string("namespace", "default");
    if (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63) {
      m.error("namespace", "\"" + namespace + "\" is not a valid Kubernetes namespace");
    }
    Priority priority =
        m.convert("priority", Priority.MEDIUM, text -> enumValue(text, Priority.class));
    Criticality criticality =
        m.convert("criticality", Criticality.STANDARD, text -> enumValue(text, Criticality.class));
    m.rejectUnknown();
    return new Blueprint.Metadata(name, version, namespace, priority, criticality);
  }

  private static Blueprint.Spec spec(
      YamlObject s, Blueprint.Metadata metadata, String source, boolean refuseUnreadQueries) {
    Blueprint.Target target = target(s.object("target"), metadata);
    Blueprint.Scaling scaling = scaling(s.object("scaling"), s.has("scaling"));
    Blueprint.Resources resources = resources(s.object("resources"));
    Blueprint.Evaluation evaluation = evaluation(s.object("evaluation"));
    Blueprint.Performance performance = performance(s.object("performance"), evaluation.weights());
    Blueprint.Governance governance = governance(s.object("governance"));
    List<String> dependencies = s.strings("dependencies");
    for (int i = 0; i < dependencies.size(); i++) {
      String dep = dependencies.get(i);
      if (!DNS_LABEL.matcher(dep).matches()) {
        s.error("dependencies", "\"" + dep + "\" is not a service name");
      } else if (dep.equals(metadata.name())) {
        s.error("dependencies", "a service cannot depend on itself (" + dep + ")");
      }
    }
    Blueprint.Notifications notifications = notifications(s.object("notifications"));
    Blueprint.MetricsConfig metrics = metrics(s.object("metrics"), refuseUnreadQueries);
    Blueprint.Prediction prediction = prediction(s.object("prediction"));
    Blueprint.Evidence evidence = evidence(s.object("evidence"));
    s.rejectUnknown();
    return new Blueprint.Spec(
        target,
        scaling,
        resources,
        performance,
        evaluation,
        governance,
        List.copyOf(new LinkedHashSet<>(dependencies)),
        notifications,
        metrics,
        prediction,
        evidence);
  }

  private static Blueprint.Target target(YamlObject t, Blueprint.Metadata metadata) {
    String kind = t.string("kind", "Deployment");
    if (!kind.equals("Deployment") && !kind.equals("StatefulSet")) {
      t.error("kind", "\"" + kind + "\" is not supported (Deployment or StatefulSet)");
    }
    String name = t.string("name", metadata.name());
    if (name != null && !DNS_LABEL.matcher(name).matches()) {
      t.error("name", "\"" + name + "\" is not a valid Kubernetes name");
    }
    t.rejectUnknown();
    return new Blueprint.Target(kind, name);
  }

  private static Blueprint.Scaling scaling(YamlObject s, boolean present) {
    if (!present) {
      s.error(null, "missing (min_replicas, max_replicas and the thresholds)");
    }
    int min = s.integer("min_replicas", 1);
    Integer max = s.optionalInteger("max_replicas");
    if (max == null && present && !s.has("max_replicas")) {
      s.error(null, s.child("max_replicas") + " is missing (the most replicas SpecOps may set)");
    }
    int maxReplicas = max == null ? Math.max(min, 1) : max;
    double targetCpu = s.fraction("target_cpu_utilization", 0.70);
    double targetMemory = s.fraction("target_memory_utilization", 0.80);
    double up = s.fraction("scale_up_threshold", 0.80);
    double down = s.fraction("scale_down_threshold", 0.40);
    int maxStep = s.integer("max_step", 4);
    double guard = s.fraction("saturation_guard", 0.90);
    YamlObject c = s.object("cooldown");
    Blueprint.Cooldown cooldown =
        new Blueprint.Cooldown(
            c.duration("scale_up", Duration.ofSeconds(60)),
            c.duration("scale_down", Duration.ofSeconds(300)),
            c.duration("scale_down_after_scale_up", Duration.ZERO));
    c.rejectUnknown();
    s.rejectUnknown();

    if (min < 1) {
      s.error("min_replicas", "must be at least 1, not " + min);
    }
    if (maxReplicas < 1) {
      s.error("max_replicas", "must be at least 1, not " + maxReplicas);
    }
    if (min > maxReplicas) {
      s.error(
          null, s.child("min_replicas") + " (" + min + ") > max_replicas (" + maxReplicas + ")");
    }
    inUnitInterval(s, "target_cpu_utilization", targetCpu);
    inUnitInterval(s, "target_memory_utilization", targetMemory);
    inUnitInterval(s, "scale_up_threshold", up);
    inUnitInterval(s, "scale_down_threshold", down);
    inUnitInterval(s, "saturation_guard", guard);
    if (down >= up) {
      s.error(
          null,
          s.child("scale_down_threshold")
              + " ("
              + Quantities.formatPercent(down)
              + ") must be below scale_up_threshold ("
              + Quantities.formatPercent(up)
              + ")");
    }
    if (maxStep < 1) {
      s.error("max_step", "must be at least 1, not " + maxStep);
    }
    notNegative(c, "scale_up", cooldown.scaleUp());
    notNegative(c, "scale_down", cooldown.scaleDown());
    notNegative(c, "scale_down_after_scale_up", cooldown.scaleDownAfterScaleUp());
    return new Blueprint.Scaling(
        min, maxReplicas, targetCpu, targetMemory, up, down, maxStep, guard, cooldown);
  }

  private static Blueprint.Resources resources(YamlObject r) {
    boolean hasCpu = r.has("cpu_request");
    boolean hasMemory = r.has("memory_request");
    // UNPARSED: the value did not parse and its error is already reported
    long cpuRequest = r.cpu("cpu_request", UNPARSED);
    long cpuLimit = r.cpu("cpu_limit", 0);
    long memoryRequest = r.memory("memory_request", UNPARSED);
    long memoryLimit = r.memory("memory_limit", 0);
    Map<String, Double> shared = new TreeMap<>();
    r.stringMap("shared")
        .forEach(
            (name, text) -> {
              if (!SHARED_NAME.matcher(name).matches()) {
                r.error(
                    "shared",
                    "\"" + name + "\" is not a resource name (lowercase letters, digits, _ and -)");
                return;
              }
              try {
                double amount = Double.parseDouble(text.trim());
                if (!(amount >= 0) || Double.isInfinite(amount)) {
                  throw new NumberFormatException();
                }
                shared.put(name, amount);
              } catch (NumberFormatException e) {
                r.error(
                    "shared",
                    name
                        + ": expected what one replica uses, a number 0 or more, got \""
                        + text
                        + "\"");
              }
            });
    r.rejectUnknown();
    if (!hasCpu) {
      r.error(null, r.child("cpu_request") + " is missing (per-replica CPU request, e.g. 50m)");
    } else if (cpuRequest != UNPARSED && cpuRequest <= 0) {
      // a CPU quantity may carry a sign ("-1"); Kubernetes refuses a negative request too
      r.error("cpu_request", "must be greater than 0");
    }
    if (cpuLimit < 0) {
      r.error("cpu_limit", "must not be negative");
    }
    if (!hasMemory) {
      r.error(
          null, r.child("memory_request") + " is missing (per-replica memory request, e.g. 128Mi)");
    } else if (memoryRequest != UNPARSED && memoryRequest <= 0) {
      r.error("memory_request", "must be greater than 0");
    }
    if (cpuLimit > 0 && cpuLimit < cpuRequest) {
      r.error(
          "cpu_limit",
          "("
              + Quantities.formatCpu(cpuLimit)
              + ") is below cpu_request ("
              + Quantities.formatCpu(cpuRequest)
              + ")");
    }
    if (memoryLimit > 0 && memoryLimit < memoryRequest) {
      r.error(
          "memory_limit",
          "("
              + Quantities.formatMemory(memoryLimit)
              + ") is below memory_request ("
              + Quantities.formatMemory(memoryRequest)
              + ")");
    }
    return new Blueprint.Resources(
        cpuRequest, cpuLimit, memoryRequest, memoryLimit, Map.copyOf(shared));
  }

  private static Blueprint.Performance performance(YamlObject p, Blueprint.Weights weights) {
    boolean hasLatency = p.has("latency_p95_target");
    Duration latency = p.duration("latency_p95_target", Duration.ofMillis(200));
    double errorRate = p.fraction("error_rate_threshold", 0.01);
    p.rejectUnknown();
    if (!hasLatency && weights.latency() > 0) {
      p.error(
          null,
          p.child("latency_p95_target") + " is missing (needed by the latency weight; e.g. 200ms)");
    }
    if (latency.isZero() || latency.isNegative()) {
      p.error("latency_p95_target", "must be greater than 0");
    }
    if (errorRate < 0) {
      p.error("error_rate_threshold", "must not be negative");
    }
    return new Blueprint.Performance(latency, errorRate);
  }

  private static Blueprint.Evaluation evaluation(YamlObject e) {
    Duration interval = e.duration("interval", Duration.ofSeconds(30));
    YamlObject w = e.object("weights");
    Blueprint.Weights weights =
        new Blueprint.Weights(
            w.number("cpu", 0.5), w.number("memory", 0.3), w.number("latency", 0.2));
    w.rejectUnknown();
    e.rejectUnknown();
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      e.error("interval", "must be at least 1s, not " + Quantities.formatDuration(interval));
    }
    for (Map.Entry<String, Double> weight :
        Map.of("cpu", weights.cpu(), "memory", weights.memory(), "latency", weights.latency())
            .entrySet()) {
      if (weight.getValue() < 0 || weight.getValue() > 1) {
        w.error(weight.getKey(), "must be between 0 and 1, not " + weight.getValue());
      }
    }
    double sum = weights.cpu() + weights.memory() + weights.latency();
    if (Math.abs(sum - 1.0) > 0.001) {
      w.error(
          null,
          "cpu + memory + latency must add up to 1 (they add up to "
              + Quantities.stripZeros(Math.round(sum * 1000) / 1000.0)
              + ")");
    }
    return new Blueprint.Evaluation(interval, weights);
  }

  private static Blueprint.Governance governance(YamlObject g) {
    List<Action> allowed =
        actions(g, "allowed_operations", List.of(Action.SCALE_UP, Action.SCALE_DOWN));
    List<Action> denied = actions(g, "denied_operations", List.of());
    List<String> approvers = g.strings("approvers");
    Duration timeout = g.duration("approval_timeout", Duration.ofMinutes(15));
    YamlObject r = g.object("require_approval");
    Blueprint.ApprovalRules rules =
        new Blueprint.ApprovalRules(
            r.bool("scale_up", false),
            r.bool("scale_down", false),
            r.optionalInteger("step_above"),
            r.optionalInteger("replicas_above"));
    r.rejectUnknown();
    List<Blueprint.FreezeWindow> freeze = g.objects("change_freeze", BlueprintParser::freezeWindow);
    boolean dryRun = g.bool("dry_run", false);
    g.rejectUnknown();
    for (String approver : approvers) {
      if (approver.isBlank()) {
        g.error("approvers", "an approver name is blank");
      }
    }
    if (rules.any() && approvers.isEmpty()) {
      g.error(
          "approvers",
          "is empty but require_approval asks for approvals; name at least one approver");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      g.error("approval_timeout", "must be greater than 0");
    }
    if (rules.stepAbove() != null && rules.stepAbove() < 0) {
      r.error("step_above", "must not be negative");
    }
    if (rules.replicasAbove() != null && rules.replicasAbove() < 0) {
      r.error("replicas_above", "must not be negative");
    }
    for (Action action : denied) {
      if (allowed.contains(action) && g.has("allowed_operations")) {
        g.error("denied_operations", action.wire() + " is both allowed and denied");
      }
    }
    return new Blueprint.Governance(
        allowed,
        denied,
        List.copyOf(new LinkedHashSet<>(approvers)),
        timeout,
        rules,
        freeze,
        dryRun);
  }

  private static List<Action> actions(YamlObject g, String key, List<Action> fallback) {
    if (!g.has(key)) {
      return fallback;
    }
    List<Action> out = new ArrayList<>();
    for (String text : g.strings(key)) {
      Action action = Action.fromWire(text).filter(Action::isScaling).orElse(null);
      if (action == null) {
        g.error(key, "\"" + text + "\" is not an operation (scale_up or scale_down)");
      } else if (!out.contains(action)) {
        out.add(action);
      }
    }
    return out;
  }

  private static Blueprint.FreezeWindow freezeWindow(YamlObject w) {
    List<DayOfWeek> days = new ArrayList<>();
    List<String> dayNames = w.strings("days");
    for (String day : dayNames) {
      DayOfWeek parsed = dayOfWeek(day);
      if (parsed == null) {
        w.error("days", "\"" + day + "\" is not a day (mon, tue, ... or monday, tuesday, ...)");
      } else {
        days.add(parsed);
      }
    }
    if (!w.has("days")) {
      days.addAll(List.of(DayOfWeek.values()));
    }
    LocalTime start = w.convert("start", null, BlueprintParser::time);
    LocalTime end = w.convert("end", null, BlueprintParser::time);
    if (start == null && !w.has("start")) {
      w.error(null, w.child("start") + " is missing (HH:MM, UTC)");
    }
    if (end == null && !w.has("end")) {
      w.error(null, w.child("end") + " is missing (HH:MM, UTC)");
    }
    String reason = w.string("reason", null);
    return start == null || end == null
        ? null
        : new Blueprint.FreezeWindow(days, start, end, reason);
  }

  private static Blueprint.Notifications notifications(YamlObject n) {
    String url = n.string("webhook_url", null);
    List<String> events = n.has("events") ? n.strings("events") : NOTIFICATION_EVENTS;
    List<String> email = n.oneOrMoreStrings("email");
    n.rejectUnknown();
    for (String address : email) {
      if (!EMAIL_ADDRESS.matcher(address).matches()) {
        n.error("email", "\"" + address + "\" is not an email address (name@example.com)");
      }
    }
    if (url != null && !url.startsWith("env:")) {
      try {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          n.error("webhook_url", "must be an http(s) URL or env:VARIABLE");
        }
      } catch (IllegalArgumentException e) {
        n.error("webhook_url", "must be an http(s) URL or env:VARIABLE");
      }
    }
    for (String event : events) {
      if (!NOTIFICATION_EVENTS.contains(event)) {
        n.error(
            "events",
            "\"" + event + "\" is not an event (" + String.join(", ", NOTIFICATION_EVENTS) + ")");
      }
    }
    return new Blueprint.Notifications(url, List.copyOf(events), List.copyOf(email));
  }

  private static Blueprint.MetricsConfig metrics(YamlObject m, boolean refuseUnreadQueries) {
    String source = m.string("source", "auto");
    Map<String, String> queries = m.stringMap("queries");
    Duration maxAge = m.duration("max_age", Duration.ofMinutes(2));
    m.rejectUnknown();
    if (!METRIC_SOURCES.contains(source)) {
      m.error(
          "source",
          "\""
              + source
              + "\" is not a metrics source ("
              + String.join(", ", METRIC_SOURCES.stream().sorted().toList())
              + ")");
    }
    for (String metric : queries.keySet()) {
      if (UNREAD_METRICS.contains(metric)) {
        if (refuseUnreadQueries) {
          m.error(
              "queries",
              "\""
                  + metric
                  + "\" is never read from a query: replica counts come from the Kubernetes API"
                  + " (the workload's status); remove it");
        }
      } else if (!METRIC_NAMES.contains(metric)) {
        String hint =
            DidYouMean.closest(metric, METRIC_NAMES)
                .map(k -> " (did you mean \"" + k + "\"?)")
                .orElse("");
        m.error("queries", "\"" + metric + "\" is not a metric" + hint);
      }
    }
    if (maxAge.isZero() || maxAge.isNegative()) {
      m.error("max_age", "must be greater than 0");
    }
    return new Blueprint.MetricsConfig(source, Map.copyOf(queries), maxAge);
  }

  private static Blueprint.Prediction prediction(YamlObject p) {
    boolean enabled = p.bool("enabled", true);
    double alpha = p.number("alpha", 0.3);
    Duration horizon = p.duration("horizon", Duration.ofMinutes(5));
    Duration startup = p.duration("startup", Duration.ofSeconds(50));
    String model = p.string("model", Blueprint.Prediction.FORECAST);
    double coverage = p.fraction("coverage", Blueprint.Prediction.DEFAULT_COVERAGE);
    p.rejectUnknown();
    if (model != null
        && !model.equals(Blueprint.Prediction.FORECAST)
        && !model.equals(Blueprint.Prediction.EMA)) {
      String hint =
          DidYouMean.closest(
                  model, List.of(Blueprint.Prediction.FORECAST, Blueprint.Prediction.EMA))
              .map(k -> " (did you mean \"" + k + "\"?)")
              .orElse("");
      p.error("model", "\"" + model + "\" is not a model: forecast or ema" + hint);
    }
    if (!(coverage >= 0.5 && coverage < 1)) {
      p.error(
          "coverage",
          "must be at least 50% and below 100%, not " + Quantities.formatPercent(coverage));
    }
    if (alpha <= 0 || alpha > 1) {
      p.error("alpha", "must be in (0, 1], not " + alpha);
    }
    if (horizon.isZero() || horizon.isNegative()) {
      p.error("horizon", "must be greater than 0");
    }
    if (startup.isNegative()) {
      p.error("startup", "must not be negative");
    }
    return new Blueprint.Prediction(enabled, alpha, horizon, startup, model, coverage);
  }

  private static Blueprint.Evidence evidence(YamlObject e) {
    Blueprint.Evidence d = Blueprint.Evidence.DEFAULTS;
    boolean enabled = e.bool("enabled", d.enabled());
    Duration window = e.duration("window", d.window());
    double lines = e.number("max_log_lines", d.maxLogLines());
    Duration interval = e.duration("interval", null);
    List<String> triggers = e.has("triggers") ? e.strings("triggers") : d.triggers();
    e.rejectUnknown();
    if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
      e.error("window", "must be between 1m and 24h");
    }
    if (lines != Math.rint(lines) || lines < 10 || lines > 20_000) {
      e.error("max_log_lines", "must be a whole number from 10 to 20000, not " + lines);
    }
    if (interval != null && interval.compareTo(Duration.ofMinutes(1)) < 0) {
      e.error("interval", "must be at least 1m");
    }
    for (String trigger : triggers) {
      if (!Blueprint.Evidence.TRIGGERS.contains(trigger)) {
        String hint =
            DidYouMean.closest(trigger, Blueprint.Evidence.TRIGGERS)
                .map(k -> " (did you mean \"" + k + "\"?)")
                .orElse("");
        e.error(
            "triggers",
            "\""
                + trigger
                + "\" is not a trigger ("
                + String.join(", ", Blueprint.Evidence.TRIGGERS)
                + ")"
                + hint);
      }
    }
    return new Blueprint.Evidence(enabled, window, (int) lines, interval, List.copyOf(triggers));
  }

  private static void inUnitInterval(YamlObject o, String key, double value) {
    if (!(value > 0 && value <= 1)) {
      o.error(key, "must be above 0% and at most 100%, not " + Quantities.formatPercent(value));
    }
  }

  private static void notNegative(YamlObject o, String key, Duration value) {
    if (value.isNegative()) {
      o.error(key, "must not be negative");
    }
  }

  private static <E extends Enum<E>> E enumValue(String text, Class<E> type) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E constant : type.getEnumConstants()) {
        names.add(constant.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException(
          "\"" + text + "\" is not one of " + String.join(", ", names));
    }
  }

  private static DayOfWeek dayOfWeek(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      String full = day.name().toLowerCase(Locale.ROOT);
      if (full.equals(t) || full.substring(0, 3).equals(t)) {
        return day;
      }
    }
    return null;
  }

  private static LocalTime time(String text) {
    try {
      return LocalTime.parse(text.trim().length() == 4 ? "0" + text.trim() : text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a time of day (HH:MM, UTC)");
    }
  }
}
