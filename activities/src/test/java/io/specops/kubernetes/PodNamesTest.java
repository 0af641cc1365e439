package io.specops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus source selects a workload's pods by name ({@code $pods}). The names below are made
 * as Kubernetes makes them: the Deployment controller names a ReplicaSet {@code NAME-HASH} (the
 * pod-template hash, 1-10 characters of {@code bcdfghjklmnpqrstvwxz2456789}), the ReplicaSet asks
 * for pods named {@code NAME-HASH-} plus 5 random characters, and the API server cuts that base at
 * 58 characters; a StatefulSet names its pods {@code NAME-ORDINAL}.
 */
class PodNamesTest {
  static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  static WorkloadRef deployment(String name) {
    return new WorkloadRef("shop", "Deployment", name);
  }

  /** A pod of Deployment {@code name} whose template hashes to {@code hash}. */
  static String deploymentPod(String name, String hash, String random) {
    String base = name + "-" + hash + "-";
    return (base.length() > 58 ? base.substring(0, 58) : base) + random;
  }

  @Test
  void aDeploymentsPodsAreItsOwnAndNotThoseOfADeploymentWhoseNameStartsWithIt() {
    WorkloadRef web = deployment("web");
    assertThat(PodNames.owns(web, "web-5d8f7c9b4-x2k9p")).isTrue();
    assertThat(PodNames.owns(web, "web-7b9c-qzt4v")).isTrue();
    // the old pattern web-.* took all of these in
    assertThat(PodNames.owns(web, "web-worker-5d8f7c9b4-x2k9p")).isFalse();
    assertThat(PodNames.owns(web, "web-canary-6c4d7f8b9-b7q4z")).isFalse();
    assertThat(PodNames.owns(web, "web-0")).isFalse();
    assertThat(PodNames.owns(web, "webapp-5d8f7c9b4-x2k9p")).isFalse();
    assertThat(PodNames.owns(web, "web-5d8f7c9b4-x2k9p-debug")).isFalse();
  }

  @Test
  void atFortySixCharactersACutNameCanNoLongerTellTheOtherDeploymentApart() {
    String own = "a".repeat(46);
    String other = own + "-" + "b".repeat(10);
    assertThat(PodNames.owns(deployment(own), deploymentPod(other, "5d8f7c9b4", "x2k9p"))).isTrue();
  }

  @Test
  void aDotInTheNameIsLiteral() {
    WorkloadRef api = deployment("api.v2");
    assertThat(PodNames.pattern(api)).isEqualTo("api[.]v2-[a-z0-9]{1,10}-[a-z0-9]{5}");
    assertThat(PodNames.owns(api, "api.v2-5d8f7c9b4-x2k9p")).isTrue();
    assertThat(PodNames.owns(api, "apixv2-5d8f7c9b4-x2k9p")).isFalse();
  }

  @Test
  void aStatefulSetsPodsAreItsOrdinals() {
    WorkloadRef db = new WorkloadRef("shop", "StatefulSet", "db");
    assertThat(PodNames.owns(db, "db-0")).isTrue();
    assertThat(PodNames.owns(db, "db-12")).isTrue();
    assertThat(PodNames.owns(db, "db-backup-0")).isFalse();
    assertThat(PodNames.owns(db, "db-5d8f7c9b4-x2k9p")).isFalse();
  }

  @Property(tries = 3000)
  void everyPodTheDeploymentControllerCanNameIsTheDeployments(
      @ForAll("names") String name,
      @ForAll("hashes") String hash,
      @ForAll("randoms") String random) {
    String pod = deploymentPod(name, hash, random);
    assertThat(pod).hasSizeLessThanOrEqualTo(63);
    assertThat(PodNames.owns(deployment(name), pod)).as("%s of %s", pod, name).isTrue();
  }

  /**
   * Up to 45 characters, another Deployment whose name extends this one's never matches: its pods
   * have a dash more, or (cut at 58) a part between the dashes longer than a hash. At 46 (the
   * other's name 10 characters longer, its pods cut right after its name's dash) and past it, names
   * can no longer tell them apart; docs/operations.md says so.
   */
  @Property(tries = 3000)
  void noPodOfAnotherDeploymentWhoseNameExtendsThisOneIsTakenIn(
      @ForAll("names") String name,
      @ForAll("names") String extension,
      @ForAll("hashes") String hash,
      @ForAll("randoms") String random,
      @ForAll @IntRange(min = 1, max = 45) int length) {
    String own = (name.length() > length ? name.substring(0, length) : name).replaceAll("-+$", "");
    String other = own + "-" + extension;
    assertThat(PodNames.owns(deployment(own), deploymentPod(other, hash, random)))
        .as("%s's pod %s", other, deploymentPod(other, hash, random))
        .isFalse();
  }

  @Provide
  Arbitrary<String> names() {
    // DNS labels; dashes inside, never at the ends
    return Arbitraries.oneOf(
        label(12),
        label(80),
        label(30).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("-", l)));
  }

  static net.jqwik.api.arbitraries.StringArbitrary label(int longest) {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
        .ofMinLength(1)
        .ofMaxLength(longest);
  }

  @Provide
  Arbitrary<String> hashes() {
    return Arbitraries.strings().withChars(ALPHABET).ofMinLength(1).ofMaxLength(10);
  }

  @Provide
  Arbitrary<String> randoms() {
    return Arbitraries.strings().withChars(ALPHABET).ofLength(5);
  }
}
