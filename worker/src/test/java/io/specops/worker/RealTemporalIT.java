package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.specops.client.FleetClient;
import io.specops.coordination.FleetStatus;
import io.specops.service.DecisionOutcome;
import io.specops.service.DecisionSummary;
import io.specops.service.ServiceStatus;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Seed 001 through the real Temporal server (the Temporal CLI's dev server): the fleet started with
 * the README's `temporal workflow start`, the approval sent with `temporal workflow signal`,
 * services found by search attribute, the Web UI screenshotted; and a server restart in the middle
 * of a deferral that loses nothing.
 */
class RealTemporalIT {
  @TempDir Path work;

  @Test
  void seed001WithAnApprovalThroughTheRealServerAndItsWebUi() throws Exception {
    String temporal = Tools.temporal();
    int port = TestWorker.freePort();
    int uiPort = TestWorker.freePort();
    String address = "127.0.0.1:" + port;
    try (ExternalProcess server = devServer(temporal, port, uiPort, work.resolve("temporal.db"));
        TestWorker worker =
            TestWorker.start(
                work, "seed-001", true, "--spring.temporal.connection.target=" + address)) {
      FleetClient client = DashboardIT.client(address);
      // the README's command, verbatim but for the addresses
      Tools.run(
          List.of(
              temporal,
              "workflow",
              "start",
              "--address",
              address,
              "--task-queue",
              "specops",
              "--type",
              "FleetWorkflow",
              "--workflow-id",
              "specops-fleet-default",
              "--input",
              "{\"fleet\": \"default\", \"blueprints_dir\": \"" + worker.blueprints() + "\"}"));

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> TestWorker.pendingApproval(client) != null);
      String decisionId = TestWorker.pendingApproval(client);
      String listed =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      Tools.run(
                          List.of(
                              temporal,
                              "workflow",
                              "list",
                              "--address",
                              address,
                              "--query",
                              "SpecopsPendingApproval=true")),
                  out -> out.contains("specops-service-todo-frontend"));
      System.out.println(
          "$ temporal workflow list --query 'SpecopsPendingApproval=true'\n" + listed);
      assertThat(listed)
          .contains("specops-service-todo-frontend")
          .doesNotContain("specops-service-todo-backend");
      // the Web UI, as an operator sees it while the decision waits: the workflow's current details
      // say for whom
      WebDriver browser = DashboardIT.chromium();
      try {
        webUi(
            browser,
            uiPort,
            "/namespaces/default/workflows/specops-service-todo-frontend",
            "awaiting approval by alice",
            "between 1 and 5 replicas",
            "temporal-web-ui-service-awaiting-approval.png");
        webUi(
            browser,
            uiPort,
            "/namespaces/default/workflows?query="
                + URLEncoder.encode(
                    "SpecopsPendingApproval=true", java.nio.charset.StandardCharsets.UTF_8),
            "specops-service-todo-frontend",
            null,
            "temporal-web-ui-pending-approval-list.png");
        assertThat(browser.findElement(By.tagName("body")).getText())
            .doesNotContain("specops-service-todo-backend");
      } finally {
        browser.quit();
      }

      Tools.run(
          List.of(
              temporal,
              "workflow",
              "signal",
              "--address",
              address,
              "--workflow-id",
              "specops-service-todo-frontend",
              "--name",
              "approve",
              "--input",
              "{\"decision_id\": \""
                  + decisionId
                  + "\", \"approver\": \"alice\", \"comment\": \"e2e\"}"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> "verified".equals(outcome(client, "todo-frontend")));
      String query =
          Tools.run(
              List.of(
                  temporal,
                  "workflow",
                  "query",
                  "--address",
                  address,
                  "--workflow-id",
                  "specops-service-todo-frontend",
                  "--type",
                  "status"));
      assertThat(query).contains("\"outcome\":\"verified\"").contains("todo-frontend");
      String critical =
          Tools.run(
              List.of(
                  temporal,
                  "workflow",
                  "list",
                  "--address",
                  address,
                  "--query",
                  "SpecopsCriticality='critical'"));
      assertThat(critical).contains("specops-service-todo-backend");
      WebDriver after = DashboardIT.chromium();
      try {
        // after the operation: the details say how it ended, the activities say what they did
        webUi(
            after,
            uiPort,
            "/namespaces/default/workflows/specops-service-todo-frontend",
            "verified",
            "verify scale_up 2 -> 3",
            "temporal-web-ui-service-after-operation.png");
      } finally {
        after.quit();
      }

      screenshotTheWebUi(uiPort);
    }
  }

  @Test
  void restartingTheServerMidDeferralLosesNothing() throws Exception {
    String temporal = Tools.temporal();
    int port = TestWorker.freePort();
    int uiPort = TestWorker.freePort();
    String address = "127.0.0.1:" + port;
    Path db = work.resolve("restart.db");
    ExternalProcess server = devServer(temporal, port, uiPort, db);
    try (TestWorker worker =
        TestWorker.start(
            work,
            "seed-001-conflict",
            false,
            "--spring.temporal.connection.target=" + address,
            "--specops.coordinator.defer-duration=40s")) {
      FleetClient client = DashboardIT.client(address);
      client.startFleet("default", null, worker.blueprints().toString(), null, null);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> "deferred".equals(outcome(client, "todo-frontend")));
      FleetStatus before = client.fleetStatus("default");
      assertThat(before.deferredUntil()).containsKey("todo-frontend");

      server.close();
      Thread.sleep(3000);
      server = devServer(temporal, port, uiPort, db);

      FleetStatus after =
          await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(() -> client.fleetStatus("default"), s -> s != null);
      assertThat(after.recentConflicts())
          .extracting(c -> c.conflictId())
          .containsExactlyElementsOf(
              before.recentConflicts().stream().map(c -> c.conflictId()).toList());
      assertThat(after.deferredUntil()).isEqualTo(before.deferredUntil());
      // the deferral ends, the frontend re-evaluates on fresh metrics and scales
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(
              () ->
                  "verified".equals(outcome(client, "todo-frontend"))
                      && "verified".equals(outcome(client, "todo-backend")));
      List<DecisionSummary> decisions = client.decisions("todo-frontend", 20);
      assertThat(decisions)
          .extracting(DecisionSummary::outcome)
          .contains(DecisionOutcome.DEFERRED, DecisionOutcome.VERIFIED);
    } finally {
      server.close();
    }
  }

  static ExternalProcess devServer(String temporal, int port, int uiPort, Path db)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                temporal,
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--ui-port",
                Integer.toString(uiPort),
                "--db-filename",
                db.toString(),
                "--log-level",
                "warn"));
    return ExternalProcess.start(
        "temporal dev server",
        command,
        Files.createTempFile("temporal-dev", ".log"),
        port,
        Duration.ofSeconds(60));
  }

  /** Opens a Web UI page, waits for {@code expect} in it, and saves a screenshot. */
  private static void webUi(
      WebDriver browser, int uiPort, String path, String expect, String alsoExpect, String file)
      throws Exception {
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    browser.get("http://127.0.0.1:" + uiPort + path);
    if (path.contains("/workflows/")) {
      // a workflow's page: its summary and current details are under "User Metadata"
      WebDriverWait tab = new WebDriverWait(browser, Duration.ofSeconds(30));
      tab.until(
          d -> !d.findElements(By.xpath("//*[normalize-space(text())='User Metadata']")).isEmpty());
      browser.findElement(By.xpath("//*[normalize-space(text())='User Metadata']")).click();
    }
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .withMessage(
            () -> path + " never showed \"" + expect + "\"; it shows:\n" + pageText(browser))
        .until(
            d ->
                pageText(d).contains(expect)
                    && (alsoExpect == null || pageText(d).contains(alsoExpect)));
    Files.createDirectories(DashboardIT.SCREENSHOTS);
    Path shot = DashboardIT.SCREENSHOTS.resolve(file);
    Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  /**
   * The page's text and that of its frames (the Web UI renders user metadata, markdown, in
   * sandboxed iframes).
   */
  private static String pageText(WebDriver browser) {
    StringBuilder text = new StringBuilder(browser.findElement(By.tagName("body")).getText());
    for (var frame : browser.findElements(By.tagName("iframe"))) {
      try {
        browser.switchTo().frame(frame);
        text.append('\n').append(browser.findElement(By.tagName("body")).getText());
      } catch (RuntimeException unreadable) {
        // a frame that went away between listing and reading
      } finally {
        browser.switchTo().defaultContent();
      }
    }
    return text.toString();
  }

  private static void screenshotTheWebUi(int uiPort) throws Exception {
    WebDriver browser = DashboardIT.chromium();
    try {
      browser.get("http://127.0.0.1:" + uiPort + "/namespaces/default/workflows");
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(
              d ->
                  d.findElement(By.tagName("body")).getText().contains("specops-fleet-default")
                      && d.findElement(By.tagName("body"))
                          .getText()
                          .contains("specops-service-todo-frontend"));
      Files.createDirectories(DashboardIT.SCREENSHOTS);
      Path shot = DashboardIT.SCREENSHOTS.resolve("temporal-web-ui-fleet.png");
      Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
      assertThat(Files.size(shot)).isGreaterThan(10_000);
    } finally {
      browser.quit();
    }
  }

  static String outcome(FleetClient client, String service) {
    try {
      ServiceStatus s = client.status(service);
      if (s.lastOperation() != null
          && s.lastDecision() != null
          && s.lastOperation().decisionId().equals(s.lastDecision().decisionId())) {
        return s.lastOperation().outcome().wire();
      }
      if (s.lastDecision() != null
          && !s.lastDecision().action().isScaling()
          && s.lastOperation() != null) {
        return s.lastOperation().outcome().wire();
      }
      return s.lastDecision() == null ? "" : s.lastDecision().outcome().wire();
    } catch (RuntimeException notYet) {
      return "";
    }
  }
}
