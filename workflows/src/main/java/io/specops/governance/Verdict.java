package io.specops.governance;

import java.util.List;

/**
 * The governance check of one decision, in seed 001's shape, with the blueprint fields it relied on
 * ({@code blueprints/frontend/blueprint.yaml:spec.scaling.max_replicas}).
 */
public record Verdict(
    String governanceCheckId,
    String service,
    String decisionId,
    Classification classification,
    boolean requiresApproval,
    String rationale,
    List<String> blueprintReferences,
    List<String> approvers) {

  public boolean permitsExecution() {
    return classification == Classification.ALLOWED;
  }
}
