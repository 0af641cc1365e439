package io.specops.evidence;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Gathers a service's incident evidence (logs, events, rollouts) and ranks likely causes
 * (docs/evidence.md).
 */
@ActivityInterface
public interface EvidenceActivities {
  @ActivityMethod(name = "CollectEvidence")
  EvidenceReport collect(EvidenceRequest request);
}
