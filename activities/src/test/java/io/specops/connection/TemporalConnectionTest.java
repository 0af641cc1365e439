package io.specops.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolving a connection as Temporal's environment configuration does (profile, then variables,
 * then flags), and the one-line errors for TLS material that cannot work, none of which print a
 * secret.
 */
class TemporalConnectionTest {
  private static final String API_KEY = "ak-test-0123456789-never-printed";

  @TempDir Path dir;
  private TestPki pki;
  private TestPki.Issued ca;
  private TestPki.Issued client;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    pki = new TestPki(dir.resolve("pki"));
    ca = pki.ca("test-ca");
    client = pki.client(ca, "good-client");
    env = new HashMap<>();
    // never the developer's own ~/.config/temporalio/temporal.toml
    Path empty = Files.writeString(dir.resolve("empty.toml"), "");
    env.put("TEMPORAL_CONFIG_FILE", empty.toString());
  }

  private TemporalConnection resolve(ConnectionSettings given) {
    return TemporalConnection.resolve(given, env, Clock.systemUTC());
  }

  @Test
  void nothingConfiguredMeansNoAddressAndPlainText() {
    TemporalConnection c = resolve(ConnectionSettings.NONE);
    assertThat(c.address()).isNull();
    assertThat(c.target()).isEqualTo("127.0.0.1:7233");
    assertThat(c.namespace()).isEqualTo("default");
    assertThat(c.tls()).isFalse();
    assertThat(c.stubsOptions().build().getSslContext()).isNull();
  }

  @Test
  void environmentVariablesAsTheTemporalCliReadsThem() {
    env.put("TEMPORAL_ADDRESS", "temporal.example:7233");
    env.put("TEMPORAL_NAMESPACE", "payments");
    env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", ca.certFile().toString());
    env.put("TEMPORAL_TLS_CLIENT_CERT_PATH", client.certFile().toString());
    env.put("TEMPORAL_TLS_CLIENT_KEY_PATH", client.keyFile().toString());
    TemporalConnection c = resolve(ConnectionSettings.NONE);
    assertThat(c.address()).isEqualTo("temporal.example:7233");
    assertThat(c.namespace()).isEqualTo("payments");
    assertThat(c.tls()).isTrue();
    assertThat(c.summary()).isEqualTo("temporal.example:7233 namespace payments, mTLS");
    WorkflowServiceStubsOptions options = c.stubsOptions().build();
    assertThat(options.getTarget()).isEqualTo("temporal.example:7233");
    assertThat(options.getSslContext()).isNotNull();
  }

  @Test
  void aProfileFromTheConfigFileWithFlagsOnTop() throws Exception {
    Path toml =
        Files.writeString(
            dir.resolve("temporal.toml"),
            """
            [profile.default]
            address = "localhost:7233"

            [profile.prod]
            address = "prod.tmprl.cloud:7233"
            namespace = "prod.abc12"
            [profile.prod.tls]
            server_ca_cert_path = "%s"
            client_cert_path = "%s"
            client_key_path = "%s"
            """
                .formatted(ca.certFile(), client.certFile(), client.keyFile()));
    env.put("TEMPORAL_CONFIG_FILE", toml.toString());
    env.put("TEMPORAL_PROFILE", "prod");
    TemporalConnection fromProfile = resolve(ConnectionSettings.NONE);
    assertThat(fromProfile.address()).isEqualTo("prod.tmprl.cloud:7233");
    assertThat(fromProfile.namespace()).isEqualTo("prod.abc12");
    assertThat(fromProfile.summary()).contains("mTLS");

    TemporalConnection overridden =
        resolve(ConnectionSettings.NONE.withAddress("other:7233").withNamespace("other-ns"));
    assertThat(overridden.address()).isEqualTo("other:7233");
    assertThat(overridden.namespace()).isEqualTo("other-ns");
    assertThat(overridden.tls()).isTrue();

    TemporalConnection local =
        resolve(
            new ConnectionSettings(
                null, null, "default", null, null, null, null, null, null, null));
    assertThat(local.address()).isEqualTo("localhost:7233");
    assertThat(local.tls()).isFalse();
  }

  @Test
  void anApiKeyTurnsTlsOnUnlessTlsIsExplicitlyOff() {
    env.put("TEMPORAL_ADDRESS", "ns.acct.tmprl.cloud:7233");
    env.put("TEMPORAL_API_KEY", API_KEY);
    TemporalConnection c = resolve(ConnectionSettings.NONE);
    assertThat(c.tls()).isTrue();
    WorkflowServiceStubsOptions options = c.stubsOptions().build();
    assertThat(options.getEnableHttps()).isTrue();
    assertThat(options.getGrpcMetadataProviders()).isNotEmpty();
    assertThat(c.summary()).contains("API key from TEMPORAL_API_KEY").doesNotContain(API_KEY);
    assertThat(c.toString()).doesNotContain(API_KEY);

    env.put("TEMPORAL_TLS", "false");
    assertThat(resolve(ConnectionSettings.NONE).tls()).isFalse();
  }

  @Test
  void flagsTravelToAChildProcessAsTheSameVariables() {
    ConnectionSettings flags =
        new ConnectionSettings(
            "h:1",
            "ns",
            null,
            null,
            true,
            ca.certFile().toString(),
            "temporal.internal",
            client.certFile().toString(),
            client.keyFile().toString(),
            API_KEY);
    Map<String, String> childEnv = new HashMap<>(env);
    childEnv.putAll(flags.asEnvironment());
    TemporalConnection inChild =
        TemporalConnection.resolve(ConnectionSettings.NONE, childEnv, Clock.systemUTC());
    TemporalConnection here = resolve(flags);
    assertThat(inChild.summary())
        .isEqualTo("h:1 namespace ns, mTLS, API key from TEMPORAL_API_KEY");
    assertThat(here.summary()).isEqualTo("h:1 namespace ns, mTLS, API key from --api-key");
    assertThat(flags.toString()).doesNotContain(API_KEY);
  }

  @Test
  void aMissingCertificateFileNamesThePathAndTheSetting() {
    env.put("TEMPORAL_ADDRESS", "h:1");
    env.put("TEMPORAL_TLS_CLIENT_CERT_PATH", dir.resolve("nope.pem").toString());
    env.put("TEMPORAL_TLS_CLIENT_KEY_PATH", client.keyFile().toString());
    assertThatThrownBy(() -> resolve(ConnectionSettings.NONE))
        .isInstanceOf(ConnectionException.class)
        .hasMessage(
            "the client certificate file "
                + dir.resolve("nope.pem")
                + " does not exist (set by TEMPORAL_TLS_CLIENT_CERT_PATH)");
  }

  @Test
  void anExpiredClientCertificateIsRefusedBeforeDialing() throws Exception {
    TestPki.Issued expired = pki.expiredClient(ca, "expired-client");
    ConnectionSettings flags =
        new ConnectionSettings(
            "h:1",
            null,
            null,
            null,
            null,
            null,
            null,
            expired.certFile().toString(),
            expired.keyFile().toString(),
            null);
    assertThatThrownBy(() -> resolve(flags))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith(
            "the client certificate "
                + expired.certFile()
                + " (set by --tls-cert-path) expired on ")
        .hasMessageEndingWith(": renew it")
        .satisfies(
            e ->
                assertThat(((ConnectionException) e).kind())
                    .isEqualTo(ConnectionException.Kind.SETTINGS));
  }

  @Test
  void aCertificateWithoutItsKeySaysWhichSettingIsMissing() {
    env.put("TEMPORAL_TLS_CLIENT_CERT_PATH", client.certFile().toString());
    assertThatThrownBy(() -> resolve(ConnectionSettings.NONE.withAddress("h:1")))
        .hasMessage(
            "a client certificate needs its private key: set --tls-key-path or "
                + "TEMPORAL_TLS_CLIENT_KEY_PATH (tls.client_key_path in a temporal.toml profile)");
  }

  @Test
  void aKeyWhereTheCaShouldBeIsNotACertificate() {
    env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", client.keyFile().toString());
    assertThatThrownBy(() -> resolve(ConnectionSettings.NONE.withAddress("h:1")))
        .hasMessage(
            "the server CA certificate "
                + client.keyFile()
                + " (set by TEMPORAL_TLS_SERVER_CA_CERT_PATH) holds no PEM certificate")
        .message()
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void certificateContentGivenAsDataWorksLikeAPath() throws Exception {
    env.put("TEMPORAL_ADDRESS", "h:1");
    env.put("TEMPORAL_TLS_SERVER_CA_CERT_DATA", ca.certPem());
    env.put("TEMPORAL_TLS_CLIENT_CERT_DATA", client.certPem());
    env.put("TEMPORAL_TLS_CLIENT_KEY_DATA", client.keyPem());
    TemporalConnection c = resolve(ConnectionSettings.NONE);
    assertThat(c.stubsOptions().build().getSslContext()).isNotNull();
    env.put("TEMPORAL_TLS_CLIENT_KEY_DATA", "not a key");
    assertThatThrownBy(() -> resolve(ConnectionSettings.NONE))
        .hasMessage(
            "the client key (set by TEMPORAL_TLS_CLIENT_KEY_DATA) holds no PEM private key");
  }

  @Test
  void anUnknownProfileOrAMissingConfigFileIsNamed() throws Exception {
    Path toml = Files.writeString(dir.resolve("t.toml"), "[profile.default]\naddress = \"a:1\"\n");
    env.put("TEMPORAL_CONFIG_FILE", toml.toString());
    assertThatThrownBy(
            () ->
                resolve(
                    new ConnectionSettings(
                        null, null, "staging", null, null, null, null, null, null, null)))
        .hasMessage("there is no profile staging in " + toml + " (set by --profile)");
    env.put("TEMPORAL_CONFIG_FILE", dir.resolve("missing.toml").toString());
    assertThatThrownBy(() -> resolve(ConnectionSettings.NONE))
        .hasMessage(
            "the Temporal config file "
                + dir.resolve("missing.toml")
                + " does not exist (set by TEMPORAL_CONFIG_FILE)");
  }

  @Test
  void aBrokenConfigFileIsReportedByLineWithoutQuotingIt() throws Exception {
    Path toml =
        Files.writeString(
            dir.resolve("broken.toml"),
            "[profile.default]\naddress = \"a:1\"\napi_key = \"" + API_KEY + "\n");
    env.put("TEMPORAL_CONFIG_FILE", toml.toString());
    assertThatThrownBy(() -> resolve(ConnectionSettings.NONE))
        .hasMessage("the Temporal config file " + toml + " is not valid TOML (line 3)")
        .message()
        .doesNotContain(API_KEY);
  }
}
