package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bongsu.app.BongsuServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/format_query} of every query of the differential corpus, byte for byte against
 * Prometheus 2.42: the formatted text of valid queries, and the parse error (type, message and
 * position) of invalid ones; {@code /api/v1/parse_query}, which 2.42 lacks, is checked for
 * agreeing with format_query on every query. Differences listed in {@code format-query-known-failures.txt}
 * are printed but tolerated; a listed query that matches fails the test.
 */
class FormatQueryDifferentialTest {
  static final String KNOWN_FAILURES = "format-query-known-failures.txt";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void formatQueryAnswersByteForByteAsPrometheus() throws Exception {
    Path prometheus = Peers.require("prometheus");
    List<String> queries = PromqlDifferentialTest.readLines(PromqlDifferentialTest.QUERIES);
    Map<String, String> known = PromqlDifferentialTest.knownFailures(KNOWN_FAILURES);
    assertThat(queries).containsAll(known.keySet());
    Path config = dir.resolve("empty.yml");
    Files.writeString(config, "scrape_configs: []\n");
    int promPort = FreePort.next();
    String promUrl = "http://127.0.0.1:" + promPort;
    try (BongsuServer bongsu = BongsuServer.start(TestServers.options(dir.resolve("bongsu")));
        PeerProcess prom = PeerProcess.start("prometheus", dir, List.of(prometheus.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prom-data"),
                "--web.listen-address=127.0.0.1:" + promPort))
            .awaitHttpOk(promUrl + "/-/ready", Duration.ofSeconds(60))) {
      String bongsuUrl = "http://" + TestServers.local(bongsu.webAddress());
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      int passed = 0;
      List<String> failures = new ArrayList<>();
      Set<String> unexpected = new TreeSet<>();
      Set<String> nowPassing = new TreeSet<>();
      List<String> parseQueryProblems = new ArrayList<>();
      for (String q : queries) {
        String expected = formatQuery(client, promUrl, q);
        String actual = formatQuery(client, bongsuUrl, q);
        String problem = parseQueryAgrees(client, bongsuUrl, q, actual);
        if (problem != null) {
          parseQueryProblems.add(q + "  ->  " + problem);
        }
        if (expected.equals(actual)) {
          passed++;
          if (known.containsKey(q)) {
            nowPassing.add(q);
          }
        } else {
          failures.add((known.containsKey(q) ? "KNOWN " : "FAIL ") + q + "  ->  " + expected
              + " vs " + actual);
          if (!known.containsKey(q)) {
            unexpected.add(q);
          }
        }
      }
      System.out.println(passed + " passed, " + failures.size() + " failed");
      failures.forEach(System.out::println);
      assertThat(parseQueryProblems).as("parse_query must accept exactly what format_query accepts")
          .isEmpty();
      assertThat(unexpected).as("format_query differs from Prometheus, not in " + KNOWN_FAILURES)
          .isEmpty();
      assertThat(nowPassing).as("queries in " + KNOWN_FAILURES + " that now pass: remove them")
          .isEmpty();
    }
  }

  /** The status code and body, as one string to compare. */
  private static String formatQuery(HttpClient client, String base, String query) throws Exception {
    HttpResponse<String> r = get(client, base, "/api/v1/format_query", query);
    return r.statusCode() + " " + r.body();
  }

  /**
   * Prometheus 2.42 has no parse_query to compare with, so Bongsu's is held to itself: the same
   * status as its format_query, a node with a type for valid queries, the same error otherwise.
   */
  private static String parseQueryAgrees(HttpClient client, String base, String query,
      String formatted) throws Exception {
    HttpResponse<String> r = get(client, base, "/api/v1/parse_query", query);
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return "HTTP " + r.statusCode() + " without JSON: " + r.body();
    }
    if (!formatted.startsWith(r.statusCode() + " ")) {
      return "status " + r.statusCode() + " but format_query answered " + formatted;
    }
    if (r.statusCode() == 200 && body.path("data").path("type").asText().isEmpty()) {
      return "no node type in " + r.body();
    }
    if (r.statusCode() != 200 && !formatted.endsWith(r.body())) {
      return "error " + r.body() + " but format_query answered " + formatted;
    }
    return null;
  }

  private static HttpResponse<String> get(HttpClient client, String base, String path,
      String query) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path + "?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
