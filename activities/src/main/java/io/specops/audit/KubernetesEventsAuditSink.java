package io.specops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.specops.kubernetes.FailFastClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a service's Deployment for what an operator looks for in {@code kubectl
 * describe deployment}, as the HPA's SuccessfulRescale: SpecOpsScaled, SpecOpsScaleFailed,
 * SpecOpsRolledBack, SpecOpsVerified, SpecOpsDeferred, SpecOpsApprovalRequired. Named after the
 * record's id, so a retried write creates nothing twice. Best effort: an Event that cannot be
 * created is logged, never a reason to fail the audit write, nor to make it outlast its activity's
 * timeout (no retries, 3 s per request, the write's other Events skipped once one fails).
 */
public final class KubernetesEventsAuditSink implements AuditSink {
  private static final Logger log = LoggerFactory.getLogger(KubernetesEventsAuditSink.class);

  /**
   * The audit activity has 10 s for the whole write, file and PostgreSQL included: one Event
   * request may take at most this long, and the first that fails ends this write's Events.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private final KubernetesClient client;

  public KubernetesEventsAuditSink(KubernetesClient client) {
    this.client = FailFastClient.of(client, REQUEST_TIMEOUT);
  }

  /**
   * An Event to create: reason, type (Normal or Warning) and message; null when the record is not
   * one.
   */
  record Wanted(String reason, String type, String message) {}

  static Wanted eventFor(JsonNode r) {
    String type = r.path("record_type").asText();
    String decision = r.path("decision_id").asText(r.path("operation_id").asText(""));
    switch (type) {
      case "execution" -> {
        String op = r.path("operation_type").asText();
        String change =
            r.path("previous_replicas").asInt()
                + " to "
                + r.path("target_replicas").asInt()
                + " replicas";
        if ("failed".equals(r.path("outcome").asText())) {
          return new Wanted(
              "SpecOpsScaleFailed",
              "Warning",
              "Scaling "
                  + change
                  + " failed ("
                  + decision
                  + "): "
                  + r.path("execution").path("stdout").asText(r.path("error").asText("")));
        }
        if (op.startsWith("rollback_")) {
          return new Wanted(
              "SpecOpsRolledBack",
              "Warning",
              "Rolled back to "
                  + r.path("target_replicas").asInt()
                  + " replicas ("
                  + decision
                  + ")");
        }
        if ("scaled".equals(r.path("outcome").asText())
            || "already_scaled".equals(r.path("outcome").asText())) {
          return new Wanted(
              "SpecOpsScaled",
              "Normal",
              "Scaled from " + change + " (" + op + ", " + decision + ")");
        }
        return null;
      }
      case "outcome" -> {
        String outcome = r.path("outcome").asText();
        if ("verified".equals(outcome) || "partial".equals(outcome)) {
          return new Wanted(
              "SpecOpsVerified",
              "Normal",
              r.path("action").asText()
                  + " "
                  + r.path("from_replicas").asInt()
                  + " -> "
                  + r.path("to_replicas").asInt()
                  + " "
                  + outcome
                  + " ("
                  + decision
                  + ")"
                  + (r.hasNonNull("improvement") ? ": " + r.get("improvement").asText() : ""));
        }
        return null;
      }
      case "control" -> {
        if ("deferred".equals(r.path("event").asText())) {
          return new Wanted(
              "SpecOpsDeferred",
              "Normal",
              "Operation " + decision + " deferred: " + r.path("reason").asText());
        }
        return null;
      }
      case "approval" -> {
        if ("requested".equals(r.path("event").asText())) {
          return new Wanted(
              "SpecOpsApprovalRequired",
              "Normal",
              "Operation "
                  + decision
                  + " needs approval by "
                  + String.join(" or ", textList(r.path("approvers")))
                  + ": "
                  + r.path("reason").asText());
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static List<String> textList(JsonNode array) {
    ArrayList<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Override
  public void write(List<ObjectNode> records) {
    for (ObjectNode r : records) {
      Wanted wanted = eventFor(r);
      String namespace = r.path("namespace").asText("");
      if (wanted == null || namespace.isEmpty()) {
        continue;
      }
      String deployment = r.path("service").asText();
      String name =
          deployment + "." + HexFormat.of().formatHex(sha(r.path("record_id").asText()), 0, 8);
      Event event =
          new EventBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .endMetadata()
              .withNewInvolvedObject()
              .withApiVersion("apps/v1")
              .withKind("Deployment")
              .withName(deployment)
              .withNamespace(namespace)
              .endInvolvedObject()
              .withReason(wanted.reason())
              .withType(wanted.type())
              .withMessage(wanted.message())
              .withNewSource()
              .withComponent("specops")
              .endSource()
              .withFirstTimestamp(r.path("timestamp").asText())
              .withLastTimestamp(r.path("timestamp").asText())
              .withCount(1)
              .withReportingComponent("specops")
              .withReportingInstance("specops-worker")
              .build();
      try {
        client.v1().events().inNamespace(namespace).resource(event).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) { // 409: created already, by an earlier attempt of this write
          log.warn(
              "Kubernetes Event {} for {} not created, this write's other Events skipped: {}",
              wanted.reason(),
              deployment,
              e.getMessage());
          return;
        }
      }
    }
  }

  private static byte[] sha(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String name() {
    return "events";
  }
}
