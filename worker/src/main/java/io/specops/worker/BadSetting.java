package io.specops.worker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A worker setting that cannot be used (an API token list with an empty token, an unreadable
 * password file): the worker refuses to start, and Spring prints the setting and the problem in two
 * lines instead of a stack trace. The message never holds a secret.
 */
final class BadSetting extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  BadSetting(String message) {
    super(message);
  }

  /** Spring Boot's "APPLICATION FAILED TO START" report for it (META-INF/spring.factories). */
  static final class Analyzer extends AbstractFailureAnalyzer<BadSetting> {
    @Override
    protected FailureAnalysis analyze(Throwable root, BadSetting cause) {
      return new FailureAnalysis(
          cause.getMessage(),
          "Correct the setting (README.md and docs/operations.md describe the worker's"
              + " settings) and start the worker again.",
          cause);
    }
  }
}
