package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bongsu.app.BongsuServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Editing dashboards in headless Chromium: adding, editing, moving and resizing panels and
 * saving them; bar gauge and Markdown panels; query_result and chained variables; the
 * auto-refresh picker; and Explore's zoom, tooltip, history and absolute range.
 */
class ConsoleEditingBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TWO_SERIES =
      "{__name__=~\"prometheus_tsdb_head_series|prometheus_tsdb_head_chunks\"}";

  @TempDir static Path dir;
  static BongsuServer server;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();
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
      public <V> V until(Function<? super WebDriver, V> isTrue) {
        try {
          return super.until(isTrue);
        } catch (TimeoutException e) {
          throw new AssertionError("page " + browser.driver.getCurrentUrl() + " never got there; browser log "
              + browser.severeLogs().stream().map(LogEntry::getMessage).toList(), e);
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

  private List<WebElement> all(String css) {
    return browser.driver.findElements(By.cssSelector(css));
  }

  private WebElement one(String css) {
    return wait.until(d -> {
      List<WebElement> found = all(css);
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  /** Saves a screenshot under target/console-screenshots for a person to look at. */
  private void screenshot(String name) throws Exception {
    Path out = Path.of("target", "console-screenshots");
    Files.createDirectories(out);
    Files.copy(browser.driver.getScreenshotAs(OutputType.FILE).toPath(), out.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private void noConsoleErrors() {
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
  }

  private static void putDashboard(String uid, String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/console/dashboards/" + uid))
        .PUT(HttpRequest.BodyPublishers.ofString(json)).header("content-type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  private static JsonNode getDashboard(String uid) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/console/dashboards/" + uid)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    return body.has("dashboard") && body.has("meta") ? body.get("dashboard") : body;
  }

  private void setInput(String css, String value) {
    WebElement input = one(css);
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(value);
  }

  @Test
  void panelAddedInTheUiIsEditedSavedAndPersists() throws Exception {
    putDashboard("editing", "{\"title\": \"Editing\", \"panels\": []}");
    browser.driver.get(base + "/dashboards/editing?range=15m");
    one("#add-panel").click();
    one(".panel-editor textarea.editor-input").sendKeys("prometheus_tsdb_head_series");
    setInput("#panel-title", "Head series");
    setInput("#panel-unit", "bytes");
    wait.until(d -> all(".editor-preview[data-state=done] .legend-label").size() == 1);
    screenshot("panel-editor");
    one("#panel-apply").click();

    wait.until(d -> all(".dash-grid .panel[data-state=done] .legend-label").size() == 1);
    assertThat(one(".dash-grid .panel h3").getText()).isEqualTo("Head series");
    assertThat(one(".unsaved").isDisplayed()).isTrue();
    one("#dashboard-save-changes").click();
    wait.until(d -> !all(".unsaved").get(0).isDisplayed());

    JsonNode panel = getDashboard("editing").path("panels").get(0);
    assertThat(panel.path("targets").get(0).path("expr").asText()).isEqualTo("prometheus_tsdb_head_series");
    assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).isEqualTo("bytes");
    browser.driver.navigate().refresh();
    wait.until(d -> all(".dash-grid .panel[data-state=done] .legend-label").size() == 1);
    assertThat(one(".dash-grid .panel h3").getText()).isEqualTo("Head series");
    // The unit applies: head series counts are formatted as bytes in the tooltip.
    hoverNearTheEnd(one(".dash-grid .panel .u-over"), 1);
    assertThat(one(".graph-tooltip .tt-value").getText()).matches("[0-9.]+ (B|KiB)");
    noConsoleErrors();
  }

  @Test
  void draggingTheHeaderMovesAPanelAndTheCornerResizesIt() throws Exception {
    putDashboard("layout", """
        {"title": "Layout", "panels": [
          {"id": 1, "type": "text", "title": "A", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 6}, "options": {"content": "a"}},
          {"id": 2, "type": "text", "title": "B", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 6}, "options": {"content": "b"}}]}
        """);
    browser.driver.get(base + "/dashboards/layout");
    wait.until(d -> all(".panel[data-state=done]").size() == 2);
    long width = (Long) browser.driver.executeScript("return document.querySelector('.dash-grid').clientWidth");
    int column = (int) Math.round((width + 8) / 24.0);

    WebElement a = one(".panel[data-panel-id='1'] .panel-head h3");
    new Actions(browser.driver).clickAndHold(a).moveByOffset(column, 0).moveByOffset(2 * column, 0).release().perform();
    wait.until(d -> "3,0,12,6".equals(one(".panel[data-panel-id='1']").getAttribute("data-grid")));
    assertThat(one(".panel[data-panel-id='2']").getAttribute("data-grid")).isEqualTo("12,6,12,6");

    WebElement corner = one(".panel[data-panel-id='1'] .panel-resize");
    new Actions(browser.driver).clickAndHold(corner).moveByOffset(column, 19).moveByOffset(column, 19).release().perform();
    wait.until(d -> "3,0,14,7".equals(one(".panel[data-panel-id='1']").getAttribute("data-grid")));
    assertThat(one(".panel[data-panel-id='2']").getAttribute("data-grid")).isEqualTo("12,7,12,6");

    // Removing a panel can be discarded like any other unsaved change.
    one(".panel[data-panel-id='2'] .panel-menu summary").click();
    one(".panel[data-panel-id='2'] .menu-remove").click();
    wait.until(d -> all(".panel").size() == 1);
    one("#dashboard-discard").click();
    wait.until(d -> all(".panel").size() == 2 && !all(".unsaved").get(0).isDisplayed());
    assertThat(one(".panel[data-panel-id='1']").getAttribute("data-grid")).isEqualTo("0,0,12,6");

    new Actions(browser.driver).clickAndHold(one(".panel[data-panel-id='1'] .panel-head h3"))
        .moveByOffset(column, 0).moveByOffset(2 * column, 0).release().perform();
    new Actions(browser.driver).clickAndHold(one(".panel[data-panel-id='1'] .panel-resize"))
        .moveByOffset(column, 19).moveByOffset(column, 19).release().perform();
    wait.until(d -> "3,0,14,7".equals(one(".panel[data-panel-id='1']").getAttribute("data-grid")));
    one("#dashboard-save-changes").click();
    wait.until(d -> !all(".unsaved").get(0).isDisplayed());
    JsonNode panels = getDashboard("layout").path("panels");
    assertThat(panels.findValues("gridPos").stream().map(JsonNode::toString).toList())
        .contains("{\"x\":3,\"y\":0,\"w\":14,\"h\":7}", "{\"x\":12,\"y\":7,\"w\":12,\"h\":6}");
    noConsoleErrors();
  }

  @Test
  void barGaugeAndMarkdownRenderAndMarkdownNeverRunsHtml() throws Exception {
    putDashboard("kinds", """
        {"title": "Kinds", "panels": [
          {"id": 1, "type": "bargauge", "title": "Bars", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 6},
           "targets": [{"expr": "%s", "legendFormat": "{{__name__}}"}],
           "fieldConfig": {"defaults": {"min": 0, "thresholds": {"steps": [{"value": null, "color": "green"}, {"value": 1e12, "color": "red"}]}}}},
          {"id": 2, "type": "text", "title": "Notes", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 10},
           "options": {"mode": "markdown", "content": "# Read me\\n\\nSome *emphasis*, **strong** and `code`.\\n\\n- one\\n- two [docs](https://example.org/x)\\n\\n<script>window.pwned = 1</script><img src=x onerror=\\"window.pwned = 2\\">\\n\\n[bad](javascript:window.pwned=3)"}}]}
        """.formatted(TWO_SERIES.replace("\"", "\\\"")));
    browser.driver.get(base + "/dashboards/kinds?range=15m");
    wait.until(d -> all(".panel[data-state=done]").size() == 2);
    assertThat(all(".bar-gauge .bar-row")).hasSize(2);
    assertThat(all(".bar-label").stream().map(WebElement::getText).sorted().toList())
        .containsExactly("prometheus_tsdb_head_chunks", "prometheus_tsdb_head_series");
    assertThat(all(".bar-fill").get(0).getAttribute("style")).contains("width").contains("rgb(115, 191, 105)");

    WebElement md = one(".markdown");
    assertThat(md.findElement(By.tagName("h1")).getText()).isEqualTo("Read me");
    assertThat(md.findElement(By.tagName("em")).getText()).isEqualTo("emphasis");
    assertThat(md.findElement(By.tagName("strong")).getText()).isEqualTo("strong");
    assertThat(md.findElement(By.tagName("code")).getText()).isEqualTo("code");
    assertThat(md.findElements(By.tagName("li"))).hasSize(2);
    assertThat(md.findElement(By.cssSelector("li a")).getAttribute("href")).isEqualTo("https://example.org/x");
    // The HTML is text on the page, not elements, and the javascript: link is no link.
    assertThat(md.findElements(By.cssSelector("script, img"))).isEmpty();
    assertThat(md.getText()).contains("<script>window.pwned = 1</script>").contains("[bad](javascript:");
    assertThat(md.findElements(By.tagName("a"))).hasSize(1);
    assertThat(browser.driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
    noConsoleErrors();
  }

  @Test
  void queryResultVariablesAndAChainedVariableFollowTheirParent() throws Exception {
    putDashboard("chained", """
        {"title": "Chained", "templating": {"list": [
          {"name": "metric", "type": "custom", "query": "prometheus_tsdb_head_series,prometheus_tsdb_head_chunks"},
          {"name": "job", "type": "query", "query": {"query": "query_result(up)"}, "regex": "/job=\\"([^\\"]+)\\"/"},
          {"name": "raw", "type": "query", "query": "query_result(up)"},
          {"name": "series", "type": "query", "query": "query_result(count by (__name__) ($metric))", "regex": "/^(\\\\w+)\\\\{/"}]},
         "panels": [{"id": 1, "type": "stat", "title": "Chosen", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
           "targets": [{"expr": "count(${series}{job=\\"$job\\"})", "legendFormat": "{{job}}"}]}]}
        """);
    browser.driver.get(base + "/dashboards/chained?range=15m");
    wait.until(d -> all(".panel[data-state=done] .stat-value").size() == 1);
    assertThat(options("job")).containsExactly("bongsu");
    assertThat(options("raw")).singleElement().asString()
        .startsWith("up{").contains("job=\"bongsu\"").matches(".*} 1 \\d{13}");
    assertThat(options("series")).containsExactly("prometheus_tsdb_head_series");

    new Select(one("select[data-var=metric]")).selectByValue("prometheus_tsdb_head_chunks");
    wait.until(d -> options("series").equals(List.of("prometheus_tsdb_head_chunks")));
    wait.until(d -> d.getCurrentUrl().contains("var-series=prometheus_tsdb_head_chunks"));
    assertThat(browser.driver.getCurrentUrl()).contains("var-metric=prometheus_tsdb_head_chunks");
    wait.until(d -> all(".panel[data-state=done] .stat-value").size() == 1);
    assertThat(all(".panel .query-error")).isEmpty();
    noConsoleErrors();
  }

  @Test
  void readOnlyDashboardIsSavedAsACopy() throws Exception {
    browser.driver.get(base + "/dashboards/host-overview");
    WebElement save = one("#dashboard-save-changes");
    assertThat(save.getText()).isEqualTo("Save as copy");
    save.click();
    setInput("#copy-uid", "my-host");
    one("#copy-save").click();
    wait.until(d -> d.getCurrentUrl().contains("/dashboards/my-host"));
    wait.until(d -> "Save".equals(one("#dashboard-save-changes").getText()));
    assertThat(getDashboard("my-host").path("title").asText()).isEqualTo("Host overview (copy)");
    noConsoleErrors();
  }

  @Test
  void unsavedChangesAreNotLostByBackOrNavigationWithoutAsking() throws Exception {
    putDashboard("guarded", "{\"title\": \"Guarded\", \"panels\": [{\"id\": 1, \"type\": \"text\", \"title\": \"T\","
        + " \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 3}, \"options\": {\"content\": \"t\"}}]}");
    browser.driver.get(base + "/dashboards/guarded");
    new Select(one("#range")).selectByValue("6h");
    wait.until(d -> d.getCurrentUrl().contains("range=6h") && all(".panel[data-state=done]").size() == 1);
    one(".panel-menu summary").click();
    one(".menu-remove").click();
    wait.until(d -> all(".panel").isEmpty());

    browser.driver.navigate().back();
    wait.until(ExpectedConditions.alertIsPresent()).dismiss();
    assertThat(one(".unsaved").isDisplayed()).isTrue();
    assertThat(all(".panel")).isEmpty();
    assertThat(browser.driver.getCurrentUrl()).contains("range=6h");

    one("a.nav-link[data-view=explore]").click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(d -> d.getCurrentUrl().endsWith("/explore"));
    one("textarea.editor-input");
    noConsoleErrors();
  }

  @Test
  void settingsRenameTheDashboardAndAddAVariable() throws Exception {
    putDashboard("settings", "{\"title\": \"Before\", \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Up\","
        + " \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 4}, \"targets\": [{\"expr\": \"sum(up{job=\\\"$job\\\"})\"}]}]}");
    browser.driver.get(base + "/dashboards/settings");
    wait.until(d -> all(".panel[data-state=done]").size() == 1);
    one("#dashboard-settings").click();
    setInput("#settings-title", "After");
    one("#settings-add-variable").click();
    setInput(".variable-edit .var-name", "job");
    setInput(".variable-edit .var-query", "label_values(up, job)");
    one("#settings-apply").click();

    wait.until(d -> options("job").equals(List.of("bongsu")));
    wait.until(d -> all(".panel[data-state=done] .stat-value").size() == 1);
    assertThat(one(".stat-value").getText()).isEqualTo("1");
    assertThat(one(".page-head h1").getText()).isEqualTo("After");
    one("#dashboard-save-changes").click();
    wait.until(d -> !all(".unsaved").get(0).isDisplayed());
    JsonNode saved = getDashboard("settings");
    assertThat(saved.path("title").asText()).isEqualTo("After");
    assertThat(saved.path("templating").path("list").get(0).path("query").asText()).isEqualTo("label_values(up, job)");
    noConsoleErrors();
  }

  private List<String> options(String variable) {
    return new Select(one("select[data-var=" + variable + "]")).getOptions().stream()
        .map(o -> o.getAttribute("value")).toList();
  }

  @Test
  void refreshPickerIsKeptInTheUrlOnDashboardsAndExplore() throws Exception {
    putDashboard("refreshing", """
        {"title": "Refreshing", "refresh": "1m", "panels": [
          {"id": 1, "type": "text", "title": "T", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 3}, "options": {"content": "t"}}]}
        """);
    browser.driver.get(base + "/dashboards/refreshing");
    wait.until(d -> d.getCurrentUrl().contains("refresh=1m"));
    assertThat(new Select(one("#refresh")).getFirstSelectedOption().getAttribute("value")).isEqualTo("1m");
    new Select(one("#refresh")).selectByValue("10s");
    wait.until(d -> d.getCurrentUrl().contains("refresh=10s"));
    browser.driver.navigate().refresh();
    wait.until(d -> "10s".equals(new Select(one("#refresh")).getFirstSelectedOption().getAttribute("value")));

    browser.driver.get(base + "/explore?q=up");
    new Select(one("#refresh")).selectByValue("5s");
    wait.until(d -> d.getCurrentUrl().contains("refresh=5s"));
    new Select(one("#refresh")).selectByValue("");
    wait.until(d -> !d.getCurrentUrl().contains("refresh="));
    noConsoleErrors();
  }

  @Test
  void exploreZoomsByDraggingAndTakesAbsoluteFromAndTo() throws Exception {
    browser.driver.get(base + "/explore?range=5m&q=" + java.net.URLEncoder.encode(TWO_SERIES, "UTF-8"));
    WebElement over = one(".graph-plot .u-over");
    wait.until(d -> all(".legend-item").size() == 2);
    int w = over.getSize().getWidth();
    // Drag over the newer half of the range, where the server has data.
    new Actions(browser.driver).moveToElement(over, 0, 0).clickAndHold()
        .moveByOffset(w / 4, 0).moveByOffset(w / 4 - 2, 0).release().perform();
    wait.until(d -> d.getCurrentUrl().contains("from=") && d.getCurrentUrl().contains("to="));
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("range=");
    long from = Long.parseLong(param("from"));
    long to = Long.parseLong(param("to"));
    // Half of the 5 minutes, give or take the pointer's rounding.
    assertThat(to - from).isBetween(120_000L, 160_000L);
    wait.until(d -> all(".legend-item").size() == 2);
    assertThat(new Select(one("#range")).getFirstSelectedOption().getAttribute("value")).isEqualTo("absolute");

    Object wanted = browser.driver.executeScript("""
        const f = document.getElementById('from');
        const t = document.getElementById('to');
        const d = new Date(Date.parse(t.value) - 600000 - new Date().getTimezoneOffset() * 60000);
        f.value = d.toISOString().slice(0, 19);
        f.dispatchEvent(new Event('change'));
        return Date.parse(f.value);""");
    wait.until(d -> param("from").equals(String.valueOf(wanted)));
    assertThat(Long.parseLong(param("to")) - Long.parseLong(param("from"))).isEqualTo(600_000L);
    wait.until(d -> all(".legend-item").size() == 2);
    noConsoleErrors();
  }

  /** Moves the pointer over the newest part of a graph, a little further left each try, until the tooltip lists `rows` series. */
  private void hoverNearTheEnd(WebElement over, int rows) {
    int w = over.getSize().getWidth();
    int[] attempt = {0};
    wait.until(d -> {
      new Actions(browser.driver).moveToElement(over, w / 2 - 6 - 7 * (attempt[0]++ % 20), 0).moveByOffset(1, 0).perform();
      return all(".graph-tooltip:not([hidden]) .tt-row").size() == rows;
    });
  }

  private String param(String name) {
    String url = browser.driver.getCurrentUrl();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
    return m.find() ? m.group(1) : "";
  }

  @Test
  void exploreTooltipShowsValuesAndHistoryRecallsAQuery() throws Exception {
    browser.driver.get(base + "/explore?range=5m");
    WebElement editor = one("textarea.editor-input");
    editor.sendKeys(TWO_SERIES, Keys.chord(Keys.SHIFT, Keys.ENTER));
    wait.until(d -> all(".legend-item").size() == 2);
    hoverNearTheEnd(one(".graph-plot .u-over"), 2);
    assertThat(all(".graph-tooltip .tt-label").stream().map(WebElement::getText).sorted().toList())
        .allSatisfy(l -> assertThat(l).startsWith("prometheus_tsdb_head_"));
    assertThat(all(".graph-tooltip .tt-value").get(0).getText()).matches("[0-9.]+k?");

    browser.driver.get(base + "/explore");
    one("textarea.editor-input");
    browser.driver.findElement(By.xpath("//button[text()='History']")).click();
    WebElement item = one(".history-list li");
    assertThat(item.getText()).isEqualTo(TWO_SERIES);
    item.click();
    wait.until(d -> all(".legend-item").size() == 2);
    assertThat(browser.driver.getCurrentUrl()).contains("q=");
    noConsoleErrors();
  }
}
