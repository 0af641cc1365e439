package io.specops.worker;

import io.specops.blueprint.Blueprint;
import java.util.List;
import java.util.Optional;

/**
 * A blueprint that asks for email a worker without an SMTP server cannot send: said when the
 * blueprint is loaded or applied, not only when its first notification fails (docs/operations.md).
 */
final class EmailWithoutSmtp {
  private EmailWithoutSmtp() {}

  static Optional<String> warning(Blueprint bp, boolean smtpConfigured) {
    Blueprint.Notifications notifications = bp.spec() == null ? null : bp.spec().notifications();
    if (smtpConfigured || notifications == null || notifications.email().isEmpty()) {
      return Optional.empty();
    }
    List<String> email = notifications.email();
    return Optional.of(
        bp.metadata().name()
            + ": spec.notifications.email names "
            + (email.size() == 1 ? email.get(0) : email.size() + " addresses")
            + ", but this worker has no SMTP server (specops.notifications.smtp.host): no email"
            + " will be sent");
  }
}
