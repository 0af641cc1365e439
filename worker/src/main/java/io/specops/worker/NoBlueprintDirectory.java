package io.specops.worker;

import java.nio.file.Path;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The embedded worker starts its fleet from {@code specops.blueprints}; a directory that is not
 * there (a typo in {@code --blueprints}) would start an empty fleet whose coordinator fails its
 * first activity. The worker refuses to start instead, and Spring prints why in two lines.
 */
final class NoBlueprintDirectory extends RuntimeException {
  private final Path directory;

  NoBlueprintDirectory(Path directory) {
    super("no blueprint directory " + directory.toAbsolutePath());
    this.directory = directory;
  }

  /** Spring Boot's "APPLICATION FAILED TO START" report for it (META-INF/spring.factories). */
  static final class Analyzer extends AbstractFailureAnalyzer<NoBlueprintDirectory> {
    @Override
    protected FailureAnalysis analyze(Throwable root, NoBlueprintDirectory cause) {
      return new FailureAnalysis(
          "No blueprint directory "
              + cause.directory.toAbsolutePath()
              + ": the embedded fleet starts from the blueprints in it.",
          "Point --blueprints (specops.blueprints) at a directory of blueprint files, or start"
              + " without a fleet (--no-fleet; specops.start-fleet=false).",
          cause);
    }
  }
}
