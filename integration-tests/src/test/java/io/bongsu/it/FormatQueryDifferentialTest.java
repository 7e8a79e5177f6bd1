package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.app.BongsuServer;
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
 * position) of invalid ones. Differences listed in {@code format-query-known-failures.txt}
 * are printed but tolerated; a listed query that matches fails the test.
 */
class FormatQueryDifferentialTest {
  static final String KNOWN_FAILURES = "format-query-known-failures.txt";

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
      for (String q : queries) {
        String expected = formatQuery(client, promUrl, q);
        String actual = formatQuery(client, bongsuUrl, q);
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
      assertThat(unexpected).as("format_query differs from Prometheus, not in " + KNOWN_FAILURES)
          .isEmpty();
      assertThat(nowPassing).as("queries in " + KNOWN_FAILURES + " that now pass: remove them")
          .isEmpty();
    }
  }

  /** The status code and body, as one string to compare. */
  private static String formatQuery(HttpClient client, String base, String query) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/format_query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }
}
