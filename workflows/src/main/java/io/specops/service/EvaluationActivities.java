package io.specops.service;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Collect, decide and govern in one call, run as a local activity: an evaluation that ends in
 * no_action then costs one marker in the history instead of three activities. It also appends the
 * decision and governance records to the audit log.
 */
@ActivityInterface
public interface EvaluationActivities {
  @ActivityMethod(name = "Evaluate")
  Evaluation evaluate(EvaluationRequest request);
}
