package io.specops.worker;

import io.specops.blueprint.BlueprintLoader;
import io.specops.client.FleetClient;
import io.specops.client.SpecopsClientException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the embedded default, the worker starts its fleet itself (nobody else could): it loads {@code
 * specops.blueprints} from its own disk, so the coordinator can re-read the directory. With a real
 * Temporal server, fleets are started with {@code specops fleet start} or the temporal CLI; {@code
 * --specops.start-fleet=false} turns this off either way.
 */
@Component
@ConditionalOnExpression(
    "'${specops.mode:worker}' == 'worker' && ${specops.start-fleet:true} && ${specops.embedded-temporal:false}")
class FleetStarter {
  private static final Logger log = LoggerFactory.getLogger(FleetStarter.class);
  private final SpecopsProperties properties;
  private final FleetClient client;

  FleetStarter(SpecopsProperties properties, FleetClient client) {
    if (!Files.isDirectory(properties.blueprints())) {
      throw new NoBlueprintDirectory(properties.blueprints());
    }
    this.properties = properties;
    this.client = client;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    BlueprintLoader.Result loaded = BlueprintLoader.load(properties.blueprints());
    loaded.errors().forEach(e -> log.warn("blueprint refused: {}", e));
    boolean smtp = properties.notifications().smtp().configured();
    loaded.blueprints().stream()
        .flatMap(bp -> EmailWithoutSmtp.warning(bp, smtp).stream())
        .forEach(log::warn);
    try {
      client.startFleet(
          properties.fleet(),
          null,
          properties.blueprints().toAbsolutePath().toString(),
          null,
          null);
      log.info(
          "fleet {} started with {} blueprints from {}",
          properties.fleet(),
          loaded.blueprints().size(),
          properties.blueprints().toAbsolutePath());
    } catch (SpecopsClientException e) {
      log.info("{}", e.getMessage());
    }
  }
}
