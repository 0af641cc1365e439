package io.specops.worker;

import io.specops.coordination.FleetSettings;
import io.specops.notification.SmtpSettings;
import io.specops.service.ServiceSettings;
import io.specops.watch.WatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's settings ({@code specops.*} in application.yaml, or {@code --specops.x=y}), with the
 * reasons for their defaults next to them in application.yaml.
 */
@ConfigurationProperties(prefix = "specops")
public record SpecopsProperties(
    @DefaultValue("worker") String mode,
    @DefaultValue("default") String fleet,
    @DefaultValue("specops") String taskQueue,
    @DefaultValue("blueprints") Path blueprints,
    @DefaultValue("logs/agent-decisions") Path auditDir,
    @DefaultValue("simulated") String cluster,
    @DefaultValue("seed-001") String scenario,
    @DefaultValue("0") int simulatedMetricsPort,
    @DefaultValue("127.0.0.1") String simulatedMetricsAddress,
    @DefaultValue("false") boolean dryRun,
    @DefaultValue Verification verification,
    @DefaultValue Breaker breaker,
    @DefaultValue("2000") int maxHistoryEvents,
    @DefaultValue Coordinator coordinator,
    @DefaultValue Demo demo,
    @DefaultValue("7233") int embeddedPort,
    @DefaultValue("false") boolean embeddedTemporal,
    @DefaultValue("true") boolean startFleet,
    @DefaultValue Api api,
    @DefaultValue MetricsSources metrics,
    @DefaultValue Audit audit,
    @DefaultValue Notifications notifications) {

  /**
   * The SMTP server for blueprints' {@code spec.notifications.email} (docs/operations.md). No host:
   * no email. The password comes from {@code password} (e.g. SPECOPS_NOTIFICATIONS_SMTP_PASSWORD)
   * or {@code password-file}; it is never logged.
   */
  public record Notifications(@DefaultValue Smtp smtp) {}

  public record Smtp(
      @DefaultValue("") String host,
      @DefaultValue("25") int port,
      @DefaultValue("specops@localhost") String from,
      @DefaultValue("") String username,
      @DefaultValue("") String password,
      Path passwordFile,
      @DefaultValue("false") boolean starttls,
      @DefaultValue("false") boolean ssl) {
    /** Whether a host is set: without one, no email is sent. */
    public boolean configured() {
      return !host.isBlank();
    }

    public SmtpSettings settings() {
      return new SmtpSettings(
          host,
          port,
          from,
          username,
          Secrets.read(password, passwordFile, "specops.notifications.smtp.password-file"),
          starttls,
          ssl,
          SmtpSettings.TIMEOUT);
    }
  }

  /**
   * Where audit records go (docs/operations.md "The audit trail"): any of file (the seed's JSON
   * lines under audit-dir), stdout, postgres, events (Kubernetes Events on the Deployment).
   * PostgreSQL's password comes from {@code password} (e.g. SPECOPS_AUDIT_POSTGRES_PASSWORD) or
   * {@code password-file}; it is never logged.
   */
  public record Audit(
      @DefaultValue({"file", "events"}) List<String> sinks, @DefaultValue Postgres postgres) {}

  public record Postgres(
      @DefaultValue("") String url,
      @DefaultValue("specops") String user,
      @DefaultValue("") String password,
      Path passwordFile) {
    public String secret() {
      return Secrets.read(password, passwordFile, "specops.audit.postgres.password-file");
    }
  }

  /**
   * Where metrics come from: Prometheus's URL (if any) and the default source for blueprints saying
   * "auto".
   */
  public record MetricsSources(String prometheusUrl, String defaultSource) {}

  /**
   * REST API credentials: {@code tokens} is a comma-separated list of principal:token pairs (e.g.
   * from the SPECOPS_API_TOKENS environment variable). The principal is who approves.
   */
  public record Api(@DefaultValue("") String tokens) {}

  public record Coordinator(
      @DefaultValue("2s") Duration batchWindow,
      @DefaultValue("5") int maxInFlight,
      @DefaultValue("5m") Duration deferDuration,
      @DefaultValue("5m") Duration reloadInterval,
      Long capacityCpuMillis,
      Long capacityMemoryBytes,
      @DefaultValue Watch watch) {}

  /**
   * Shard watchers (docs/scaling.md "Watchers"): idle services are evaluated by heart-beating
   * activities, {@code shard-size} services each, instead of a timer per service. Off in the demo,
   * which skips time (heartbeats are real time).
   */
  public record Watch(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("200") int shardSize,
      @DefaultValue("1h") Duration lease,
      @DefaultValue("60s") Duration heartbeatTimeout,
      @DefaultValue("45s") Duration heartbeatEvery,
      @DefaultValue("200ms") Duration tick,
      @DefaultValue("90s") Duration hold) {
    WatchSettings settings() {
      return enabled
          ? new WatchSettings(shardSize, lease, heartbeatTimeout, heartbeatEvery, tick, 24, hold)
          : null;
    }
  }

  public record Verification(
      @DefaultValue("5s") Duration pollInterval,
      @DefaultValue("3m") Duration readinessTimeout,
      @DefaultValue("30s") Duration settleTime) {}

  public record Breaker(@DefaultValue("3") int threshold, @DefaultValue("10m") Duration coolOff) {}

  /** The demo runs on the in-process server's clock, advanced {@code step} at a time. */
  public record Demo(
      @DefaultValue("1s") Duration step,
      @DefaultValue("15m") Duration limit,
      @DefaultValue("false") boolean json) {}

  public boolean simulated() {
    return "simulated".equals(cluster);
  }

  public FleetSettings fleetSettings(boolean searchAttributes) {
    return new FleetSettings(
        coordinator.batchWindow(),
        coordinator.maxInFlight(),
        coordinator.deferDuration(),
        coordinator.reloadInterval(),
        coordinator.capacityCpuMillis(),
        coordinator.capacityMemoryBytes(),
        5000,
        serviceSettings().withSearchAttributes(searchAttributes),
        coordinator.watch().settings());
  }

  public ServiceSettings serviceSettings() {
    return new ServiceSettings(
        verification.pollInterval(),
        verification.readinessTimeout(),
        verification.settleTime(),
        breaker.threshold(),
        breaker.coolOff(),
        maxHistoryEvents,
        50,
        dryRun);
  }
}
