package io.specops.cli;

import io.specops.blueprint.Blueprint;
import io.specops.client.FleetClient;
import io.specops.coordination.FleetStatus;
import io.specops.json.Json;
import io.specops.metrics.MetricsSnapshot;
import io.specops.prediction.Recommendation;
import io.specops.prediction.Recommender;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description = {
      "Priority-ranked recommendations with estimated savings (seed 002).",
      "From the services' metrics histories: downsize under-used services, right-size requests "
          + "from observed usage, look at error rates, make room for services stuck at their maximum."
    })
final class RecommendCommand extends ClientCommand {
  @Option(names = "--service", paramLabel = "SERVICE", description = "Only this service")
  String service;

  @Option(
      names = "--fleet",
      paramLabel = "NAME",
      defaultValue = "default",
      description = "Fleet name (default: ${DEFAULT-VALUE})")
  String fleet;

  @Option(names = "--json", description = "Print JSON")
  boolean json;

  @Mixin AuditSource audit;

  @Override
  int run(FleetClient client, PrintWriter out) {
    List<String> services = new ArrayList<>();
    if (service != null) {
      services.add(service);
    } else {
      for (FleetStatus.Entry e : client.fleetStatus(fleet).services()) {
        if ("running".equals(e.state())) {
          services.add(e.name());
        }
      }
    }
    List<Recommendation> all = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (String name : services) {
      Blueprint bp = client.blueprint(name);
      ServiceHistory history = ServiceHistory.of(client, bp, audit);
      // the pods' requests, which their utilization divides by (the blueprint's when not observed)
      MetricsSnapshot observed = client.status(name).observed();
      Recommender.Result r =
          Recommender.analyze(bp, history.points(), observed == null ? null : observed.serving());
      all.addAll(r.recommendations());
      if (r.evidence() != null) {
        waiting.add(
            name
                + ": "
                + r.evidence()
                + (audit.available() ? "" : " (history: " + history.source() + ")"));
      }
    }
    all.sort(Comparator.comparingInt(Recommendation::priority).reversed());
    if (json) {
      out.println(Json.writePretty(all));
      return 0;
    }
    if (all.isEmpty()) {
      out.println("no recommendations" + (waiting.isEmpty() ? "" : ":"));
      waiting.forEach(w -> out.println("  " + w));
      return 0;
    }
    int i = 1;
    for (Recommendation r : all) {
      out.printf(
          "%d. %s - %s (priority %d/5)%n   %s%n   why: %s%n",
          i++, r.service(), r.kind(), r.priority(), r.action(), r.rationale());
      if (r.estimatedSavingsPercent() != null) {
        out.printf("   estimated savings: %d%% of its requests%n", r.estimatedSavingsPercent());
      }
    }
    waiting.forEach(w -> out.println("not yet: " + w));
    return 0;
  }
}
