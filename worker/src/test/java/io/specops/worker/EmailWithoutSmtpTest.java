package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintParser;
import io.specops.blueprint.TestBlueprints;
import org.junit.jupiter.api.Test;

class EmailWithoutSmtpTest {
  private static Blueprint frontend(String notifications) {
    return BlueprintParser.parse("frontend.yaml", TestBlueprints.yaml("frontend") + notifications);
  }

  @Test
  void aBlueprintAskingEmailOfAWorkerWithoutSmtpIsWarnedAbout() {
    Blueprint bp = frontend("  notifications:\n    email: [a@company.com, b@company.com]\n");
    assertThat(EmailWithoutSmtp.warning(bp, false))
        .hasValue(
            "todo-frontend: spec.notifications.email names 2 addresses, but this worker has no"
                + " SMTP server (specops.notifications.smtp.host): no email will be sent");
    assertThat(EmailWithoutSmtp.warning(bp, true)).isEmpty();
  }

  @Test
  void noEmailNoWarning() {
    assertThat(EmailWithoutSmtp.warning(frontend(""), false)).isEmpty();
    assertThat(
            EmailWithoutSmtp.warning(
                frontend("  notifications:\n    webhook_url: https://hooks.company.com/x\n"),
                false))
        .isEmpty();
  }
}
