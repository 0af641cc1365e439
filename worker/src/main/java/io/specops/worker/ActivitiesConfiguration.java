package io.specops.worker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.specops.audit.AuditActivitiesImpl;
import io.specops.audit.AuditLog;
import io.specops.audit.AuditMetrics;
import io.specops.audit.KubernetesEventsAuditSink;
import io.specops.audit.PostgresAuditSink;
import io.specops.audit.StdoutAuditSink;
import io.specops.coordination.FleetActivitiesImpl;
import io.specops.decision.DecisionEngine;
import io.specops.evidence.EvidenceActivitiesImpl;
import io.specops.governance.GovernanceEngine;
import io.specops.json.SpecopsDataConverter;
import io.specops.kubernetes.ApiServerClock;
import io.specops.kubernetes.ClusterCapacityReader;
import io.specops.kubernetes.KubernetesScaler;
import io.specops.kubernetes.ResourceQuotaReader;
import io.specops.metrics.MetricsSource;
import io.specops.notification.EmailNotifier;
import io.specops.notification.NotificationSender;
import io.specops.notification.WebhookNotifier;
import io.specops.service.EvaluationActivitiesImpl;
import io.specops.service.Evaluator;
import io.specops.verification.Verifier;
import io.specops.watch.WatchActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The activity implementations, as the beans application.yaml's {@code activity-beans} names, and
 * the data converter every Temporal client of SpecOps uses.
 */
@Configuration(proxyBeanMethods = false)
class ActivitiesConfiguration {

  @Bean
  DataConverter mainDataConverter() {
    return SpecopsDataConverter.get();
  }

  @Bean(destroyMethod = "")
  AuditLog auditLog(
      SpecopsProperties properties,
      io.micrometer.core.instrument.MeterRegistry metrics,
      KubernetesClient kubernetes) {
    List<String> sinks = properties.audit().sinks();
    Set<String> known = Set.of("file", "stdout", "postgres", "events");
    for (String sink : sinks) {
      if (!known.contains(sink)) {
        throw new IllegalArgumentException(
            "specops.audit.sinks: unknown sink " + sink + " (file, stdout, postgres, events)");
      }
    }
    AuditLog log = new AuditLog(properties.auditDir()).onRecord(new AuditMetrics(metrics));
    if (!sinks.contains("file")) {
      log.withoutFile();
    }
    if (sinks.contains("stdout")) {
      log.withSink(new StdoutAuditSink(System.out));
    }
    if (sinks.contains("postgres")) {
      SpecopsProperties.Postgres pg = properties.audit().postgres();
      if (pg.url().isBlank()) {
        throw new IllegalArgumentException(
            "specops.audit.sinks has postgres but specops.audit.postgres.url is empty "
                + "(a JDBC URL, e.g. jdbc:postgresql://db:5432/specops)");
      }
      log.withSink(new PostgresAuditSink(pg.url(), pg.user(), pg.secret()));
    }
    if (sinks.contains("events")) {
      log.withSink(new KubernetesEventsAuditSink(kubernetes));
    }
    return log;
  }

  @Bean
  ResourceQuotaReader quotaCeilings(KubernetesClient client) {
    return new ResourceQuotaReader(client);
  }

  @Bean
  EvaluationActivitiesImpl evaluationActivities(
      MetricsSource metrics, AuditLog audit, ResourceQuotaReader quotas, Clock clock) {
    return new EvaluationActivitiesImpl(
            metrics, new DecisionEngine(), new GovernanceEngine(), audit)
        .withQuotas(quotas)
        .withClock(clock);
  }

  @Bean
  KubernetesScaler scalingActivities(
      KubernetesClient client, Clock clock, AuditLog audit, ApiServerClock apiServerClock) {
    return new KubernetesScaler(client, clock).withAudit(audit).withApiServerClock(apiServerClock);
  }

  @Bean
  Verifier verificationActivities(MetricsSource metrics, AuditLog audit, KubernetesScaler scaler) {
    return new Verifier(metrics).withAudit(audit).withReadiness(scaler);
  }

  @Bean
  AuditActivitiesImpl auditActivities(AuditLog audit) {
    return new AuditActivitiesImpl(audit);
  }

  @Bean
  EvidenceActivitiesImpl evidenceActivities(
      KubernetesClient client, Clock clock, ApiServerClock apiServerClock) {
    return new EvidenceActivitiesImpl(client, clock).withApiServerClock(apiServerClock);
  }

  @Bean
  NotificationSender notificationActivities(SpecopsProperties properties) {
    return new NotificationSender(
        new WebhookNotifier(), new EmailNotifier(properties.notifications().smtp().settings()));
  }

  @Bean
  WatchActivitiesImpl watchActivities(
      MetricsSource metrics,
      AuditLog audit,
      WorkflowClient client,
      Clock clock,
      ResourceQuotaReader quotas) {
    return new WatchActivitiesImpl(
        new Evaluator(metrics, new DecisionEngine(), new GovernanceEngine())
            .withQuotas(quotas)
            .withClock(clock),
        audit,
        client,
        clock,
        null);
  }

  @Bean
  FleetActivitiesImpl fleetActivities(
      ClusterCapacityReader capacity,
      WorkflowClient client,
      SpecopsProperties properties,
      SearchAttributeRegistrar searchAttributes) {
    return new FleetActivitiesImpl(
        capacity, client, properties.fleetSettings(searchAttributes.registered()));
  }
}
