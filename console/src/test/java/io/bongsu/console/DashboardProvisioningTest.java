package io.bongsu.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardProvisioningTest {
  @TempDir Path dir;
  Path infra;
  Path teams;
  Server server;
  Console console;
  WebClient client;

  @BeforeEach
  void files() throws IOException {
    infra = Files.createDirectories(dir.resolve("infra"));
    teams = Files.createDirectories(dir.resolve("teams/payments"));
    Files.createDirectories(dir.resolve("provisioning/dashboards"));
    Files.writeString(dir.resolve("provisioning/dashboards/bongsu.yaml"), """
        apiVersion: 1
        providers:
          - name: infra
            orgId: 1
            folder: Infrastructure
            type: file
            disableDeletion: true
            updateIntervalSeconds: 1
            allowUiUpdates: false
            options:
              path: %s
          - name: teams
            type: file
            allowUiUpdates: true
            updateIntervalSeconds: 1
            options:
              path: %s
              foldersFromFilesStructure: true
        """.formatted(infra, dir.resolve("teams")));
    Files.writeString(infra.resolve("nodes.json"), """
        {"uid": "nodes", "title": "Nodes", "tags": ["infra"], "panels": []}""");
    // A Grafana export: the API envelope, with a data source input referenced by ${DS_PROMETHEUS}.
    Files.writeString(infra.resolve("exported.json"), """
        {"dashboard": {"__inputs": [{"name": "DS_PROMETHEUS", "type": "datasource", "pluginId": "prometheus"}],
          "__requires": [{"type": "datasource", "id": "prometheus"}],
          "id": 12, "uid": "exported", "title": "Exported",
          "panels": [{"type": "timeseries", "datasource": "${DS_PROMETHEUS}", "targets": [{"expr": "up"}]}]},
         "meta": {"isStarred": false}}""");
    Files.writeString(infra.resolve("broken.json"), "{\"title\": \"Broken\", ");
    Files.writeString(infra.resolve("untitled.json"), "{\"panels\": []}");
    Files.writeString(teams.resolve("checkout.json"), "{\"title\": \"Checkout\", \"panels\": []}");
  }

  private void startServer() {
    console = Console.create(dir.resolve("saved"), dir.resolve("provisioning"));
    ServerBuilder sb = Server.builder().http(0);
    console.mount(sb);
    server = sb.build();
    server.start().join();
    client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop().join();
      console.close();
    }
  }

  private AggregatedHttpResponse send(HttpMethod method, String path, String body) {
    return client.execute(RequestHeaders.of(method, path, HttpHeaderNames.CONTENT_TYPE, "application/json"),
        body).aggregate().join();
  }

  private JsonNode getJson(String path) throws IOException {
    AggregatedHttpResponse r = send(HttpMethod.GET, path, "");
    assertThat(r.status().code()).as(path).isEqualTo(200);
    return DashboardStore.json().readTree(r.contentUtf8());
  }

  private JsonNode listed(String uid) throws IOException {
    for (JsonNode d : getJson("/api/console/dashboards")) {
      if (d.path("uid").asText().equals(uid)) {
        return d;
      }
    }
    return null;
  }

  @Test
  void provisionedDashboardsAreListedWithTheirFolderAndReadOnlyMeta() throws IOException {
    startServer();
    JsonNode nodes = listed("nodes");
    assertThat(nodes).isNotNull();
    assertThat(nodes.path("folder").asText()).isEqualTo("Infrastructure");
    assertThat(nodes.path("provisioned").asBoolean()).isTrue();
    assertThat(nodes.path("canSave").asBoolean()).isFalse();
    assertThat(nodes.path("builtIn").asBoolean()).isFalse();

    JsonNode doc = getJson("/api/console/dashboards/nodes");
    assertThat(doc.path("title").asText()).isEqualTo("Nodes");
    assertThat(doc.path("meta").path("provisioned").asBoolean()).isTrue();
    assertThat(doc.path("meta").path("canSave").asBoolean()).isFalse();
    assertThat(doc.path("meta").path("provider").asText()).isEqualTo("infra");
    assertThat(doc.path("meta").path("file").asText()).endsWith("nodes.json");
  }

  @Test
  void grafanaExportsAreUnwrappedAndTheirDataSourceInputsIgnored() throws IOException {
    startServer();
    JsonNode doc = getJson("/api/console/dashboards/exported");
    assertThat(doc.path("title").asText()).isEqualTo("Exported");
    assertThat(doc.has("__inputs")).isFalse();
    assertThat(doc.has("__requires")).isFalse();
    assertThat(doc.path("panels").get(0).path("targets").get(0).path("expr").asText()).isEqualTo("up");
  }

  @Test
  void foldersComeFromTheFileTreeAndAMissingUidIsDerivedStably() throws IOException {
    startServer();
    JsonNode checkout = null;
    for (JsonNode d : getJson("/api/console/dashboards")) {
      if (d.path("title").asText().equals("Checkout")) {
        checkout = d;
      }
    }
    assertThat(checkout).isNotNull();
    assertThat(checkout.path("folder").asText()).isEqualTo("payments");
    assertThat(checkout.path("canSave").asBoolean()).isTrue();
    String uid = checkout.path("uid").asText();
    assertThat(uid).matches("payments-checkout-[0-9a-f]+");
    assertThat(getJson("/api/console/dashboards/" + uid).path("uid").asText()).isEqualTo(uid);
  }

  @Test
  void readOnlyDashboardsRefuseChangesWithAClearError() throws IOException {
    startServer();
    AggregatedHttpResponse put = send(HttpMethod.PUT, "/api/console/dashboards/nodes", "{\"title\":\"Mine\"}");
    assertThat(put.status().code()).isEqualTo(403);
    assertThat(DashboardStore.json().readTree(put.contentUtf8()).path("error").asText())
        .contains("provisioned").contains("nodes.json").contains("allowUiUpdates");
    AggregatedHttpResponse delete = send(HttpMethod.DELETE, "/api/console/dashboards/nodes", "");
    assertThat(delete.status().code()).isEqualTo(403);
    assertThat(delete.contentUtf8()).contains("remove the file");
    assertThat(getJson("/api/console/dashboards/nodes").path("title").asText()).isEqualTo("Nodes");
  }

  @Test
  void aProviderWithUiUpdatesKeepsTheConsolesEditUntilTheFileChanges() throws IOException {
    startServer();
    String uid = uidOf("Checkout");
    JsonNode doc = getJson("/api/console/dashboards/" + uid);
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("title", "Checkout (edited)");
    assertThat(send(HttpMethod.PUT, "/api/console/dashboards/" + uid, doc.toString()).status().code())
        .isEqualTo(200);
    JsonNode edited = getJson("/api/console/dashboards/" + uid);
    assertThat(edited.path("title").asText()).isEqualTo("Checkout (edited)");
    assertThat(Files.readString(dir.resolve("saved").resolve(uid + ".json"))).doesNotContain("\"meta\"");
    assertThat(send(HttpMethod.DELETE, "/api/console/dashboards/" + uid, "").status().code()).isEqualTo(403);

    Path file = teams.resolve("checkout.json");
    Files.writeString(file, "{\"title\": \"Checkout v2\", \"panels\": []}");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    awaitTitle(uid, "Checkout v2");
  }

  @Test
  void changedAddedAndRemovedFilesArePickedUpByTheRescan() throws IOException {
    startServer();
    Files.writeString(infra.resolve("nodes.json"), "{\"uid\": \"nodes\", \"title\": \"Nodes v2\"}");
    Files.writeString(teams.resolve("new.json"), "{\"uid\": \"fresh\", \"title\": \"Fresh\"}");
    Files.delete(teams.resolve("checkout.json"));
    awaitTitle("nodes", "Nodes v2");
    awaitTitle("fresh", "Fresh");
    assertThat(uidOf("Checkout")).as("teams allows deletion").isNull();

    Files.delete(infra.resolve("nodes.json"));
    Files.writeString(infra.resolve("marker.json"), "{\"uid\": \"marker\", \"title\": \"Marker\"}");
    awaitTitle("marker", "Marker");
    assertThat(getJson("/api/console/dashboards/nodes").path("title").asText())
        .as("infra has disableDeletion").isEqualTo("Nodes v2");
  }

  @Test
  void badFilesAreReportedThroughTheApiAndTheRestStillLoads() throws IOException {
    Files.writeString(dir.resolve("provisioning/dashboards/bad.yml"), "providers: {not: a list}");
    Files.writeString(dir.resolve("provisioning/dashboards/other.yaml"), """
        apiVersion: 1
        providers:
          - name: elsewhere
            type: sql
            options: {path: /x}
        """);
    Files.writeString(teams.resolve("clash.json"), "{\"uid\": \"nodes\", \"title\": \"Other nodes\"}");
    startServer();
    JsonNode status = getJson("/api/console/provisioning");
    List<String> errors = new ArrayList<>();
    status.path("errors").forEach(e -> errors.add(e.path("file").asText() + ": " + e.path("error").asText()));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("bad.yml").contains("providers must be a list"))
        .anySatisfy(e -> assertThat(e).contains("other.yaml").contains("type sql is not supported"))
        .anySatisfy(e -> assertThat(e).contains("broken.json").contains("not valid JSON"))
        .anySatisfy(e -> assertThat(e).contains("untitled.json").contains("title"))
        .anySatisfy(e -> assertThat(e).contains("clash.json").contains("already provisioned by provider infra"));
    assertThat(status.path("providers")).hasSize(2);
    assertThat(status.path("providers").get(0).path("name").asText()).isEqualTo("infra");
    assertThat(status.path("providers").get(0).path("dashboards").asInt()).isEqualTo(2);
    assertThat(listed("nodes").path("title").asText()).isEqualTo("Nodes");
    assertThat(listed("host-overview")).isNotNull();
  }

  @Test
  void reloadingReadsProviderFilesAgain() throws IOException {
    startServer();
    Path extra = Files.createDirectories(dir.resolve("extra"));
    Files.writeString(extra.resolve("late.json"), "{\"uid\": \"late\", \"title\": \"Late\"}");
    Files.writeString(dir.resolve("provisioning/dashboards/bongsu.yaml"), """
        apiVersion: 1
        providers:
          - name: extra
            folder: Extra
            options:
              path: %s
        """.formatted(extra));
    assertThat(send(HttpMethod.GET, "/api/console/dashboards/late", "").status().code()).isEqualTo(404);
    console.reloadProvisioning();
    assertThat(listed("late").path("folder").asText()).isEqualTo("Extra");
    assertThat(listed("nodes")).as("the infra provider is gone").isNull();
    assertThat(getJson("/api/console/provisioning").path("providers")).hasSize(1);
  }

  @Test
  void environmentVariablesAreExpandedAsGrafanaDoes() {
    String home = System.getenv("HOME");
    assertThat(DashboardProvisioner.expandEnv("path: ${HOME}/d and $HOME, $$HOME"))
        .isEqualTo("path: " + home + "/d and " + home + ", $HOME");
  }

  @Test
  void withoutAProvisioningDirectoryNothingIsProvisioned() {
    try (DashboardProvisioner p = DashboardProvisioner.open(dir.resolve("absent"), false)) {
      assertThat(p.providers()).isEmpty();
      assertThat(p.dashboards()).isEmpty();
      assertThat(p.errors()).isEmpty();
    }
  }

  private String uidOf(String title) throws IOException {
    for (JsonNode d : getJson("/api/console/dashboards")) {
      if (d.path("title").asText().equals(title)) {
        return d.path("uid").asText();
      }
    }
    return null;
  }

  /** Waits for the background re-scan (every second here) to show the title. */
  private void awaitTitle(String uid, String title) throws IOException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    String seen = null;
    while (System.nanoTime() < deadline) {
      AggregatedHttpResponse r = send(HttpMethod.GET, "/api/console/dashboards/" + uid, "");
      seen = r.status().code() == 200 ? DashboardStore.json().readTree(r.contentUtf8()).path("title").asText() : null;
      if (title.equals(seen)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(seen).as("title of " + uid + " after re-scans").isEqualTo(title);
  }
}
