package io.specops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client command takes the temporal CLI's connection flags; settings that cannot work end in
 * one line naming the setting, before anything is sent. (The real TLS handshakes: the e2e tier's
 * SecuredTemporalIT.)
 */
class ConnectionFlagsTest {
  @TempDir Path dir;

  @Test
  void aMissingClientCertificateIsOneLineNamingTheFlag() {
    CliRunner r =
        CliRunner.run(
            "list",
            "--address",
            "127.0.0.1:1",
            "--tls-cert-path",
            dir.resolve("client.pem").toString(),
            "--tls-key-path",
            dir.resolve("client.key").toString());
    assertThat(r.exitCode()).isEqualTo(SpecopsCli.INVALID_INPUT);
    assertThat(r.err().strip())
        .isEqualTo(
            "specops: the client certificate file "
                + dir.resolve("client.pem")
                + " does not exist (set by --tls-cert-path)");
  }

  @Test
  void aKeyWithoutItsCertificateSaysWhatToSet() throws Exception {
    Path key = Files.writeString(dir.resolve("k.pem"), "-----BEGIN PRIVATE KEY-----\n");
    CliRunner r =
        CliRunner.run("status", "--address", "127.0.0.1:1", "--tls-key-path", key.toString());
    assertThat(r.exitCode()).isEqualTo(SpecopsCli.INVALID_INPUT);
    assertThat(r.err())
        .startsWith("specops: a client key needs its certificate: set --tls-cert-path");
  }

  @Test
  void anUnreachableServerNamesTheFlagThatChoseIt() {
    CliRunner r = CliRunner.run("list", "--address", "127.0.0.1:1");
    assertThat(r.exitCode()).isEqualTo(SpecopsCli.UNREACHABLE);
    assertThat(r.err().strip())
        .isEqualTo(
            "specops: cannot reach Temporal at 127.0.0.1:1 (set by --address): is the worker"
                + " (./specops worker) or the Temporal server running?");
  }

  @Test
  void anApiKeyGivenAsAFlagIsNeverPrinted() {
    CliRunner r =
        CliRunner.run("list", "--address", "127.0.0.1:1", "--api-key", "flag-key-never-printed-42");
    assertThat(r.exitCode()).isEqualTo(SpecopsCli.UNREACHABLE);
    assertThat(r.err() + r.out()).doesNotContain("flag-key-never-printed-42");
  }

  @Test
  void theFlagsAreOnEveryClientCommandAndTheWorker() {
    for (String command : new String[] {"status", "list", "approve", "fleet start", "worker"}) {
      String[] args = (command + " --help").split(" ");
      assertThat(CliRunner.run(args).out())
          .as(command)
          .contains(
              "--address",
              "--namespace",
              "--profile",
              "--config-file",
              "--tls-ca-path",
              "--tls-cert-path",
              "--tls-key-path",
              "--tls-server-name",
              "--api-key");
    }
  }

  @Test
  void httpsForTheWorkerNeedsBothCertificateAndKey() {
    CliRunner r = CliRunner.run("worker", "--http-tls-cert", "server.pem");
    assertThat(r.exitCode()).isEqualTo(SpecopsCli.INVALID_INPUT);
    assertThat(r.err().strip())
        .isEqualTo("specops worker: --http-tls-cert and --http-tls-key go together");
  }
}
