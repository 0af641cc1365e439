package io.specops.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.specops.client.FleetClient;
import io.specops.json.SpecopsDataConverter;
import io.specops.service.OperationResult;
import io.specops.service.ServiceStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, installed by
 * .ci/run): a pending approval is shown, screenshotted to target/, and approved with a click.
 */
class DashboardIT {
  static final Path SCREENSHOTS = Path.of("target/screenshots");
  @TempDir Path work;

  @Test
  void aPendingApprovalIsShownAndApprovedFromTheBrowser() throws Exception {
    try (TestWorker worker = TestWorker.start(work)) {
      FleetClient client = client(worker.target());
      client.startFleet("default", null, worker.blueprints().toString(), null, null);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> TestWorker.pendingApproval(client) != null);
      String decisionId = TestWorker.pendingApproval(client);

      WebDriver browser = chromium();
      try {
        browser.get("http://127.0.0.1:" + worker.httpPort() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(
            d ->
                d.findElements(By.cssSelector(".approval[data-decision='" + decisionId + "']"))
                        .size()
                    == 1);
        wait.until(d -> d.findElement(By.id("services")).getText().contains("todo-backend"));
        assertThat(
                browser
                    .findElement(By.cssSelector("tr.service[data-name='todo-frontend']"))
                    .getText())
            .as("what holds its next evaluation")
            .contains("after the approval");
        assertThat(browser.findElement(By.id("approvals")).getText())
            .contains("todo-frontend")
            .contains("scale_up 2 → 3")
            .contains("approvers: alice");
        Files.createDirectories(SCREENSHOTS);
        Path shot = SCREENSHOTS.resolve("dashboard-pending-approval.png");
        Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);

        browser.findElement(By.id("token")).sendKeys("alice-token");
        browser.findElement(By.cssSelector(".approval .approve")).click();
        wait.until(
            d ->
                d.findElement(By.id("message"))
                    .getText()
                    .contains("approved " + decisionId + " of todo-frontend as alice"));
        await()
            .atMost(Duration.ofSeconds(40))
            .until(
                () -> {
                  ServiceStatus s = client.status("todo-frontend");
                  return s.lastOperation() != null
                      && s.lastOperation().outcome() == OperationResult.VERIFIED;
                });
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.id("services")).getText().contains("verified"));
        // sparklines drawn from each service's last hour
        wait.until(
            d ->
                !d.findElements(By.cssSelector("tr.service[data-name='todo-frontend'] svg.spark"))
                    .isEmpty());
        Files.write(
            SCREENSHOTS.resolve("dashboard-after-approval.png"),
            ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        // the service page: a chart of real evaluations, markers whose tooltip is the rationale
        browser.findElement(By.cssSelector("tr.service[data-name='todo-frontend']")).click();
        wait.withMessage(
                () ->
                    "no outcome marker; the page says: "
                        + browser.findElement(By.id("detail")).getText())
            .until(d -> !d.findElements(By.cssSelector("#chart .marker.outcome")).isEmpty());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        long points =
            ((Number) js.executeScript("return window.specopsChart.data[0].length")).longValue();
        long drawn =
            ((Number)
                    js.executeScript(
                        "return window.specopsChart.data[3].filter(v => v != null).length"))
                .longValue();
        assertThat(points).as("evaluations charted").isGreaterThanOrEqualTo(2);
        // evaluations that stopped for an hour (the worker was down) leave a gap, not a line
        assertThat(
                js.executeScript(
                    "return specopsWithGaps([{t: 0}, {t: 30}, {t: 60}, {t: 3660}, {t: 3690}])"
                        + ".map(x => x.t).join(' ')"))
            .isEqualTo("0 30 60 61 3660 3690");
        assertThat(drawn).as("utilization values drawn").isEqualTo(points);
        // pods that request more than the blueprint says are named beside the replicas
        String targets = "{cpu_request_millis: 50, memory_request_bytes: 134217728}";
        assertThat(
                js.executeScript(
                    "return specopsRequestsNote({targets: "
                        + targets
                        + ", observed: {pod_request: {cpu_millis: 50, memory_bytes: 134217728}}})"))
            .isEqualTo("");
        assertThat(
                (String)
                    js.executeScript(
                        "return specopsRequestsNote({targets: "
                            + targets
                            + ", observed: {pod_request: {cpu_millis: 1500, memory_bytes:"
                            + " 134217728}}})"))
            .contains("pods request 1500m, 128Mi; blueprint 50m, 128Mi");
        assertThat(
                browser
                    .findElement(By.cssSelector("tr.service[data-name='todo-frontend']"))
                    .getText())
            .as("the simulated pods request what the blueprint says")
            .doesNotContain("pods request");
        // a service its namespace's full quota holds says so beside its last decision
        String quota =
            "observed: {quota: {quota: 'team-cpu', resource: 'requests.cpu', used: '500m',"
                + " hard: '500m'}}";
        assertThat(
                (String)
                    js.executeScript(
                        "return specopsHeldNote({last_decision: {trigger: 'quota'}, "
                            + quota
                            + "})"))
            .contains("held by ResourceQuota team-cpu (requests.cpu: 500m used of 500m)");
        assertThat(
                js.executeScript(
                    "return specopsHeldNote({last_decision: {trigger: 'reactive'}, "
                        + quota
                        + "})"))
            .isEqualTo("");
        assertThat(browser.findElements(By.cssSelector("#chart .marker")))
            .extracting(e -> e.getAttribute("data-label"))
            .anySatisfy(l -> assertThat(l).isEqualTo("scale_up 2→3"))
            .anySatisfy(l -> assertThat(l).startsWith("approval approved by alice"))
            .anySatisfy(l -> assertThat(l).isEqualTo("scale_up 2→3 verified"));
        js.executeScript("document.getElementById('detail-name').scrollIntoView()");
        WebElement decision =
            browser.findElements(By.cssSelector("#chart .marker.decision")).get(0);
        new Actions(browser).moveToElement(decision).perform();
        wait.until(d -> d.findElement(By.id("tooltip")).isDisplayed());
        assertThat(browser.findElement(By.id("tooltip")).getText())
            .contains("scale_up 2→3")
            .contains("exceeds scale_up_threshold (80%)");
        assertThat(browser.findElement(By.id("records")).getText())
            .contains("verification")
            .contains("outcome");
        Files.write(
            SCREENSHOTS.resolve("service-page.png"),
            ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        // the address names the service: a reload (or a shared link) opens its page again
        assertThat(browser.getCurrentUrl()).endsWith("#todo-frontend");
        browser.navigate().refresh();
        wait.withMessage("a reload did not show the service's page again")
            .until(d -> !d.findElements(By.cssSelector("#chart .marker.outcome")).isEmpty());
        assertThat(browser.findElement(By.id("detail-name")).getText()).contains("todo-frontend");

        // a paused service is evaluated next when resumed, not at a time its pause overruled
        client.pause("todo-backend");
        browser.get("http://127.0.0.1:" + worker.httpPort() + "/");
        By backend = By.cssSelector("tr.service[data-name='todo-backend']");
        wait.withMessage(
                () -> "the paused backend reads: " + browser.findElement(backend).getText())
            .until(d -> d.findElement(backend).getText().contains("when resumed"));
        assertThat(browser.findElement(backend).getText()).contains("paused");
      } finally {
        browser.quit();
      }
    }
  }

  static FleetClient client(String target) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    return new FleetClient(
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setDataConverter(SpecopsDataConverter.get())
                .build()),
        target);
  }

  /** Debian's Chromium, headless, with the flags this machine's closed network needs. */
  static WebDriver chromium() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("specops.chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("specops.chromedriver", "/usr/bin/chromedriver")))
            .build();
    return new ChromeDriver(service, options);
  }
}
