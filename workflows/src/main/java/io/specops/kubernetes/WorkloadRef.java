package io.specops.kubernetes;

import io.specops.blueprint.Blueprint;
import java.util.Locale;

/** The workload a blueprint targets: namespace, kind and name. */
public record WorkloadRef(String namespace, String kind, String name) {
  public static WorkloadRef of(Blueprint bp) {
    return new WorkloadRef(
        bp.metadata().namespace(), bp.spec().target().kind(), bp.spec().target().name());
  }

  /** What an error says when the workload is not there: "no Deployment web in namespace shop". */
  public String missing() {
    return "no " + kind + " " + name + " in namespace " + namespace;
  }

  @Override
  public String toString() {
    return kind.toLowerCase(Locale.ROOT) + "/" + name + " -n " + namespace;
  }
}
