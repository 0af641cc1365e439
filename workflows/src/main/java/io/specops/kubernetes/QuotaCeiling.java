package io.specops.kubernetes;

/**
 * The most replicas a namespace's ResourceQuota admits for a workload: the pods it has now plus as
 * many more as the tightest quota has room for ({@code quota}'s {@code resource}, {@code used} of
 * {@code hard}). A scale-up above it would be granted, its pods refused by the API server, and the
 * operation rolled back (docs/operations.md, "Why the pods did not come").
 */
public record QuotaCeiling(int replicas, String quota, String resource, String used, String hard) {

  /** "ResourceQuota team-quota (requests.cpu: 3500m used of 4)". */
  public String describe() {
    return "the namespace's ResourceQuota "
        + quota
        + " ("
        + resource
        + ": "
        + used
        + " used of "
        + hard
        + ")";
  }
}
