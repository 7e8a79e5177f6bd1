package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.app.BongsuServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium against an in-process server that scrapes itself: Explore
 * runs a query and draws the right series, the table shows them, autocomplete offers metric
 * names, errors appear at the query, and Targets and Status show the live server.
 */
class ConsoleBrowserTest {
  /** Two of the server's own series, present after its first self-scrape. */
  private static final String TWO_SERIES =
      "{__name__=~\"prometheus_tsdb_head_series|prometheus_tsdb_head_chunks\"}";

  @TempDir static Path dir;
  static BongsuServer server;
  static String base;
  Browser browser;
  WebDriverWait wait;

  @BeforeAll
  static void startServer() throws Exception {
    Peers.require("chromium");
    Peers.require("chromedriver");
    server = BongsuServer.start(TestServers.options(dir.resolve("data")));
    base = "http://" + TestServers.local(server.webAddress());
    PromApi api = new PromApi(base);
    Eventually.value(Duration.ofSeconds(40),
        () -> api.query(TWO_SERIES).path("result").size() == 2 ? true : null);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    browser = Browser.start(Files.createTempDirectory(dir, "chromium"));
    wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20)) {
      @Override
      public <V> V until(java.util.function.Function<? super org.openqa.selenium.WebDriver, V> isTrue) {
        try {
          return super.until(isTrue);
        } catch (org.openqa.selenium.TimeoutException e) {
          throw new AssertionError("page " + browser.driver.getCurrentUrl() + " never got there; browser log "
              + browser.severeLogs().stream().map(LogEntry::getMessage).toList() + "; view: "
              + browser.driver.getPageSource(), e);
        }
      }
    };
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  private WebElement editor() {
    return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("textarea.editor-input")));
  }

  private List<WebElement> all(String css) {
    return browser.driver.findElements(By.cssSelector(css));
  }

  @Test
  void exploreRunsAQueryAsGraphAndTable() throws Exception {
    browser.driver.get(base + "/explore?range=15m");
    editor().sendKeys(TWO_SERIES);
    editor().sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));

    wait.until(d -> all(".graph-legend .legend-item").size() == 2);
    assertThat(all(".graph-plot canvas")).isNotEmpty();
    assertThat(all(".legend-label").stream().map(WebElement::getText).toList())
        .allSatisfy(l -> assertThat(l).contains("job=\"bongsu\""))
        .anySatisfy(l -> assertThat(l).startsWith("prometheus_tsdb_head_series{"))
        .anySatisfy(l -> assertThat(l).startsWith("prometheus_tsdb_head_chunks{"));
    assertThat(browser.driver.getCurrentUrl()).contains("q=").contains("range=15m");
    screenshot("explore-graph");

    browser.driver.findElement(By.cssSelector("button.tab[data-tab=table]")).click();
    wait.until(d -> all(".result-table tbody tr").size() == 2);
    assertThat(browser.driver.getCurrentUrl()).contains("tab=table");

    // The link alone restores the view: query, range and tab.
    browser.driver.navigate().refresh();
    wait.until(d -> all(".result-table tbody tr").size() == 2);
    assertThat(editor().getAttribute("value")).isEqualTo(TWO_SERIES);
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
  }

  @Test
  void editorCompletesMetricNamesAndShowsErrorsAtTheQuery() {
    browser.driver.get(base + "/explore");
    editor().sendKeys("prometheus_tsdb_head_ser");
    wait.until(d -> all(".editor-completions li").stream()
        .anyMatch(li -> li.getText().startsWith("prometheus_tsdb_head_series")));
    editor().sendKeys(Keys.TAB);
    assertThat(editor().getAttribute("value")).isEqualTo("prometheus_tsdb_head_series");
    assertThat(all(".editor-pre .tok-metric, .editor-hl .tok-metric")).isNotEmpty();

    editor().sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
    wait.until(d -> all(".graph-legend .legend-item").size() == 1);

    editor().sendKeys(" + sum(");
    editor().sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".query-error")));
    assertThat(error.getText()).isNotBlank();
    // The only severe entry allowed is the API's 400 answer to the bad query.
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage)
        .allSatisfy(m -> assertThat(m).contains("/api/v1/query_range").contains("400"));
  }

  @Test
  void targetsAndStatusShowTheLiveServer() throws Exception {
    browser.driver.get(base + "/explore");
    editor();
    browser.driver.findElement(By.cssSelector("a.nav-link[data-view=targets]")).click();
    wait.until(d -> all("tr.target[data-health=up]").size() == 1);
    WebElement pool = browser.driver.findElement(By.cssSelector("details.pool[data-pool=bongsu]"));
    assertThat(pool.getText()).contains("1/1 up").contains("/metrics").contains("job=\"bongsu\"");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/targets");
    screenshot("targets");

    browser.driver.findElement(By.cssSelector("a.nav-link[data-view=status]")).click();
    wait.until(d -> all("#series-count").size() == 1
        && all("#series-count").get(0).getText().matches("[0-9,]+"));
    assertThat(browser.driver.findElement(By.cssSelector(".cards")).getText())
        .contains("Version").contains("Uptime").contains("Ingest rate");

    browser.driver.findElement(By.id("theme-toggle")).click();
    assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("data-theme")).isEqualTo("light");
    browser.driver.navigate().back();
    wait.until(d -> all("tr.target").size() == 1);
    assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("data-theme")).isEqualTo("light");
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
  }

  /**
   * A dashboard of our own in Grafana's schema, as Grafana exports it for sharing (data source
   * inputs): two variables and one panel of each type.
   */
  private static final String DASHBOARD = """
      {"__inputs": [{"name": "DS_PROMETHEUS", "type": "datasource", "pluginId": "prometheus"}],
       "__requires": [{"type": "datasource", "id": "prometheus", "name": "Prometheus"}],
       "title": "Self check", "tags": ["test"],
       "templating": {"list": [
         {"name": "metric", "type": "custom", "multi": true, "includeAll": true,
          "current": {"value": ["prometheus_tsdb_head_series"]},
          "query": "prometheus_tsdb_head_series,prometheus_tsdb_head_chunks"},
         {"name": "job", "type": "query", "query": "label_values(up, job)"}]},
       "panels": [
         {"type": "timeseries", "title": "Series ($metric)", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
          "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
          "targets": [{"expr": "{__name__=~\\"$metric\\", job=\\"$job\\"}", "legendFormat": "{{__name__}} of {{job}}"}]},
         {"type": "stat", "title": "Stat", "gridPos": {"x": 12, "y": 0, "w": 4, "h": 4},
          "targets": [{"expr": "sum({__name__=~\\"${metric}\\"})"}], "fieldConfig": {"defaults": {"unit": "short"}}},
         {"type": "gauge", "title": "Up", "gridPos": {"x": 16, "y": 0, "w": 4, "h": 4},
          "targets": [{"expr": "up{job=\\"[[job]]\\"}"}],
          "fieldConfig": {"defaults": {"unit": "percentunit", "min": 0, "max": 1}}},
         {"type": "table", "title": "Targets", "gridPos": {"x": 12, "y": 4, "w": 8, "h": 4},
          "targets": [{"expr": "up", "legendFormat": "{{job}}", "instant": true}]},
         {"type": "bargauge", "title": "Chunks per series", "gridPos": {"x": 0, "y": 8, "w": 12, "h": 4},
          "targets": [{"expr": "prometheus_tsdb_head_chunks / prometheus_tsdb_head_series", "legendFormat": "{{job}}"}]},
         {"type": "text", "title": "Note", "gridPos": {"x": 20, "y": 0, "w": 4, "h": 8},
          "options": {"content": "Made by the browser test"}}]}
      """;

  @Test
  void uploadedGrafanaDashboardWithVariablesRendersEveryPanelAndFollowsTheVariable() throws Exception {
    browser.driver.get(base + "/dashboards");
    wait.until(d -> all("a.dashboard-link").stream().anyMatch(a -> a.getText().equals("Host overview")));
    browser.driver.findElement(By.xpath("//button[text()='Import']")).click();
    Path file = Files.writeString(dir.resolve("self-check.json"), DASHBOARD);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dashboard-upload"))).sendKeys(file.toString());
    WebElement report = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".import-report")));
    assertThat(report.getText()).contains("__inputs").doesNotContain("shown as");
    assertThat(browser.driver.findElement(By.cssSelector("textarea.json-editor")).getAttribute("value"))
        .doesNotContain("__inputs").contains("Self check");
    assertThat(browser.driver.findElement(By.id("dashboard-uid")).getAttribute("value")).isEqualTo("self-check");
    browser.driver.findElement(By.id("dashboard-save")).click();

    wait.until(d -> d.getCurrentUrl().endsWith("/dashboards/self-check"));
    wait.until(d -> all(".panel[data-type=timeseries] .legend-label").size() == 1);
    assertThat(all(".panel[data-type=timeseries] canvas")).isNotEmpty();
    assertThat(all(".legend-label").get(0).getText()).isEqualTo("prometheus_tsdb_head_series of bongsu");
    wait.until(d -> all(".stat-value").size() == 1 && all(".gauge-fill").size() == 1
        && all(".panel[data-type=table] tr").size() == 1 && all(".panel-text").size() == 1
        && all(".bar-row").size() == 1);
    assertThat(all(".bar-label").get(0).getText()).isEqualTo("bongsu");
    assertThat(panelTitles()).contains("Series (prometheus_tsdb_head_series)");
    assertThat(all(".stat-value").get(0).getText()).matches("[0-9.]+k?");
    assertThat(all(".gauge-text").get(0).getText()).isEqualTo("100%");
    assertThat(all(".panel[data-type=table] tr").get(0).getText()).contains("bongsu").contains("1");
    assertThat(all(".panel .query-error")).isEmpty();
    screenshot("dashboard");

    // Multi-value: add the second metric, then drop the first; the panel follows each change.
    openPicker("metric");
    browser.driver.findElement(By.cssSelector("details[data-var=metric] input[value=prometheus_tsdb_head_chunks]")).click();
    wait.until(d -> legends().equals(List.of("prometheus_tsdb_head_chunks of bongsu", "prometheus_tsdb_head_series of bongsu")));
    assertThat(panelTitles()).contains("Series (prometheus_tsdb_head_series + prometheus_tsdb_head_chunks)");
    assertThat(browser.driver.getCurrentUrl()).contains("var-metric=prometheus_tsdb_head_series&var-metric=prometheus_tsdb_head_chunks");
    openPicker("metric");
    browser.driver.findElement(By.cssSelector("details[data-var=metric] input[value=prometheus_tsdb_head_series]")).click();
    wait.until(d -> legends().equals(List.of("prometheus_tsdb_head_chunks of bongsu")));

    // The link restores the variable.
    browser.driver.navigate().refresh();
    wait.until(d -> legends().equals(List.of("prometheus_tsdb_head_chunks of bongsu")));

    // "All" selects every value.
    openPicker("metric");
    browser.driver.findElement(By.cssSelector("details[data-var=metric] input[value='$__all']")).click();
    wait.until(d -> legends().size() == 2);
    assertThat(browser.driver.getCurrentUrl()).contains("var-metric=%24__all");
    assertThat(panelTitles()).contains("Series (All)");
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
  }

  /** Grafana's legacy schema (rows[], graph, singlestat, a datasource variable), as exported. */
  private static final String LEGACY_GRAFANA = """
      {"dashboard": {"title": "Legacy import", "schemaVersion": 14,
        "templating": {"list": [
          {"name": "ds", "type": "datasource", "query": "prometheus"},
          {"name": "job", "type": "query", "datasource": "$ds", "query": "label_values(up, job)"}]},
        "rows": [
          {"title": "Overview", "height": "240px", "panels": [
            {"type": "graph", "title": "Head series", "span": 8, "stack": false,
             "yaxes": [{"format": "short"}, {"format": "short"}],
             "targets": [{"expr": "prometheus_tsdb_head_series{job=\\"$job\\"}", "legendFormat": "{{job}}"}]},
            {"type": "singlestat", "title": "Targets up", "span": 4, "thresholds": "0.5,1",
             "colors": ["red", "orange", "green"],
             "targets": [{"expr": "sum(up{job=\\"$job\\"})"}]}]},
          {"title": "Details", "collapse": true, "panels": [
            {"type": "heatmap", "title": "Not here", "span": 12}]}]}}
      """;

  @Test
  void legacyGrafanaDashboardIsImportedWithAReportAndRendersData() throws Exception {
    browser.driver.get(base + "/dashboards");
    wait.until(d -> !all("a.dashboard-link").isEmpty());
    browser.driver.findElement(By.xpath("//button[text()='Import']")).click();
    WebElement json = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("textarea.json-editor")));
    browser.driver.executeScript("arguments[0].value = arguments[1];", json, LEGACY_GRAFANA);
    browser.driver.findElement(By.id("dashboard-import")).click();
    WebElement report = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".import-report")));
    assertThat(report.getText()).contains("graph → time series").contains("singlestat → stat")
        .contains("heatmap").contains("datasource variables are not supported");
    assertThat(browser.driver.findElement(By.id("dashboard-uid")).getAttribute("value")).isEqualTo("legacy-import");
    browser.driver.findElement(By.id("dashboard-save")).click();

    wait.until(d -> d.getCurrentUrl().endsWith("/dashboards/legacy-import"));
    wait.until(d -> legends().equals(List.of("bongsu")) && all(".stat-value").size() == 1);
    assertThat(all(".stat-value").get(0).getText()).isEqualTo("1");
    assertThat(all(".dash-row").stream().map(r -> r.getText().replaceAll("\\s+", " ")).toList())
        .containsExactly("▾ Overview", "▸ Details (1 panel)");
    assertThat(all(".panel .query-error")).isEmpty();
    screenshot("imported-dashboard");

    // Collapsing a row hides its panels; expanding the other shows what it held.
    all(".dash-row").get(0).click();
    wait.until(d -> all(".panel").isEmpty());
    all(".dash-row").get(1).click();
    wait.until(d -> all(".panel").size() == 1 && all(".panel").get(0).getText().contains("not supported"));
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
  }

  private void openPicker(String variable) {
    WebElement picker = browser.driver.findElement(By.cssSelector("details.multi-picker[data-var=" + variable + "]"));
    if (picker.getAttribute("open") == null) {
      picker.findElement(By.tagName("summary")).click();
    }
  }

  private List<String> panelTitles() {
    return all(".panel-head h3").stream().map(WebElement::getText).toList();
  }

  private List<String> legends() {
    return all(".panel[data-type=timeseries] .legend-label").stream().map(WebElement::getText).sorted().toList();
  }

  /** Saves a screenshot under target/console-screenshots for a person to look at. */
  private void screenshot(String name) throws Exception {
    Path out = Path.of("target", "console-screenshots");
    Files.createDirectories(out);
    Path png = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, out.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
