package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code specops.api.tokens}: each token stands for one principal, and a bad list starts nothing.
 */
class ApiTokensTest {
  private static ApiTokens tokens(String spec) {
    return new ApiTokens(
        new Binder(new MapConfigurationPropertySource(Map.of("specops.api.tokens", spec)))
            .bindOrCreate("specops", SpecopsProperties.class));
  }

  @Test
  void eachTokenNamesItsPrincipal() {
    ApiTokens t = tokens("alice:alice-token, bob : bob-token");
    assertThat(t.principal("alice-token")).hasValue("alice");
    assertThat(t.principal("bob-token")).hasValue("bob");
    assertThat(t.principal("carol-token")).isEmpty();
    assertThat(t.principal("")).isEmpty();
  }

  @Test
  void anEmptyTokenIsRefusedSoAnEmptyBearerCannotMatchIt() {
    // "alice: " once gave alice the empty token, which "Authorization: Bearer   " presented
    assertThatThrownBy(() -> tokens("alice: ,bob:bob-token"))
        .hasMessage(
            "specops.api.tokens: entry 1 must be principal:token, with neither part empty"
                + " (a comma-separated list: alice:TOKEN,carol:TOKEN2)");
    assertThatThrownBy(() -> tokens(" :secret-token"))
        .hasMessageContaining("entry 1 must be principal:token");
    assertThatThrownBy(() -> tokens("alice:alice-token,,bob:bob-token"))
        .hasMessageContaining("entry 2 must be principal:token");
    assertThatThrownBy(() -> tokens("alice-token")).hasMessageContaining("entry 1");
  }

  @Test
  void aSharedTokenOrARepeatedPrincipalIsRefusedWithoutPrintingTheToken() {
    assertThatThrownBy(() -> tokens("alice:shared-secret,bob:shared-secret"))
        .hasMessage("specops.api.tokens: entry 2 (bob) has the same token as alice")
        .message()
        .doesNotContain("shared-secret");
    assertThatThrownBy(() -> tokens("alice:one-secret,alice:two-secret"))
        .hasMessage("specops.api.tokens: entry 2 names alice a second time");
  }
}
