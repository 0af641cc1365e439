package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A quota share's pooled names and amounts, as the coordinator's ledger and records use them. */
class QuotaShareTest {
  @Test
  void newPodsTakeTheirShareOfEachQuotaUnderItsPooledName() {
    QuotaShare share =
        new QuotaShare("todo-app", Map.of("team-cpu/requests.cpu", 0.05, "team-pods/pods", 1.0));
    Map<String, Double> three = share.adds(3);
    assertThat(three)
        .containsOnlyKeys("quota:todo-app/team-cpu/requests.cpu", "quota:todo-app/team-pods/pods");
    assertThat(three.get("quota:todo-app/team-cpu/requests.cpu")).isCloseTo(0.15, within(1e-12));
    assertThat(three.get("quota:todo-app/team-pods/pods")).isEqualTo(3.0);
    assertThat(QuotaShare.namespaceOf("quota:todo-app/team-cpu/requests.cpu"))
        .isEqualTo("todo-app");
    assertThat(QuotaShare.isKey("db_connections")).isFalse();
    assertThat(QuotaShare.describe("quota:todo-app/team-cpu/requests.cpu"))
        .isEqualTo("the namespace todo-app's ResourceQuota team-cpu (requests.cpu)");
    assertThat(QuotaShare.format("quota:a/q/requests.cpu", 0.15)).isEqualTo("150m");
    assertThat(QuotaShare.format("quota:a/q/limits.memory", 256.0 * (1 << 20))).isEqualTo("256Mi");
    assertThat(QuotaShare.format("quota:a/q/pods", 2.0)).isEqualTo("2");
  }
}
