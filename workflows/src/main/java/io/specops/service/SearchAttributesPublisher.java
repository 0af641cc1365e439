package io.specops.service;

import io.specops.blueprint.Blueprint;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;

/**
 * Publishes a service's state as search attributes, so the Temporal Web UI and {@code temporal
 * workflow list --query 'SpecopsPendingApproval=true'} can find services by it. Upserts only on
 * change (an idle evaluation adds no event), and only when the worker has registered the attributes
 * (an unregistered one would fail every workflow task).
 */
final class SearchAttributesPublisher {
  static final SearchAttributeKey<String> SERVICE = SearchAttributeKey.forKeyword("SpecopsService");
  static final SearchAttributeKey<String> CRITICALITY =
      SearchAttributeKey.forKeyword("SpecopsCriticality");
  static final SearchAttributeKey<String> LAST_ACTION =
      SearchAttributeKey.forKeyword("SpecopsLastAction");
  static final SearchAttributeKey<Boolean> PENDING_APPROVAL =
      SearchAttributeKey.forBoolean("SpecopsPendingApproval");

  private final boolean enabled;
  private String service;
  private String criticality;
  private String lastAction;
  private Boolean pending;

  SearchAttributesPublisher(boolean enabled) {
    this.enabled = enabled;
  }

  void publish(Blueprint bp, String action, boolean pendingApproval) {
    if (!enabled) {
      return;
    }
    String c = bp.metadata().criticality().wire();
    if (bp.name().equals(service)
        && c.equals(criticality)
        && action.equals(lastAction)
        && Boolean.valueOf(pendingApproval).equals(pending)) {
      return;
    }
    service = bp.name();
    criticality = c;
    lastAction = action;
    pending = pendingApproval;
    Workflow.upsertTypedSearchAttributes(
        SERVICE.valueSet(service),
        CRITICALITY.valueSet(criticality),
        LAST_ACTION.valueSet(lastAction),
        PENDING_APPROVAL.valueSet(pending));
  }
}
