package io.bongsu.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.write.ExpositionWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {
  private final HttpMetrics metrics = new HttpMetrics();
  private Server server;
  private WebClient client;

  @BeforeEach
  void start() {
    server = Server.builder().http(0)
        .service("/api/v1/query", (ctx, req) -> HttpResponse.of("{}"))
        .service("/api/v1/labels/{name}", (ctx, req) -> HttpResponse.of(HttpStatus.BAD_REQUEST))
        .decorator(metrics.decorator())
        .build();
    server.start().join();
    client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
  }

  @AfterEach
  void stop() {
    server.stop().join();
  }

  @Test
  void countsRequestsPerRoutePatternAndStatusCode() throws InterruptedException {
    client.get("/api/v1/query").aggregate().join();
    client.get("/api/v1/query").aggregate().join();
    client.get("/api/v1/labels/job").aggregate().join();
    client.get("/api/v1/labels/instance").aggregate().join();

    String text = awaitText("handler=\"/api/v1/labels/:name\"} 2");

    assertThat(text)
        .contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/query\"} 2")
        .contains("prometheus_http_requests_total{code=\"400\",handler=\"/api/v1/labels/:name\"} 2")
        .contains("prometheus_http_request_duration_seconds_bucket{handler=\"/api/v1/query\",le=\"+Inf\"} 2")
        .contains("prometheus_http_request_duration_seconds_count{handler=\"/api/v1/query\"} 2")
        .doesNotContain("labels/job");
  }

  @Test
  void histogramBucketsAreCumulative() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      client.get("/api/v1/query").aggregate().join();
    }
    String text = awaitText("prometheus_http_request_duration_seconds_count{handler=\"/api/v1/query\"} 5");
    double previous = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("prometheus_http_request_duration_seconds_bucket")) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        assertThat(v).isGreaterThanOrEqualTo(previous);
        previous = v;
      }
    }
    assertThat(previous).isEqualTo(5);
  }

  /** Request logs complete just after the response, so the counts settle shortly after. */
  private String awaitText(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String text;
    do {
      text = ExpositionWriter.of(ExpositionFormat.PROMETHEUS_TEXT).write(metrics.collect());
      if (text.contains(expected)) {
        return text;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    } while (System.nanoTime() < deadline);
    return text;
  }
}
