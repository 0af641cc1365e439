package io.specops.verification;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Compares a service's fresh metrics with its targets after an operation. */
@ActivityInterface
public interface VerificationActivities {
  @ActivityMethod(name = "Verify")
  VerificationReport verify(VerificationRequest request);
}
