package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bongsu.app.BongsuServer;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.ingest.remotewrite.SnappyBlock;
import io.bongsu.metrics.ingest.remotewrite.WriteRequestEncoder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed input gets a 4xx in Prometheus's format and loses nothing already stored. */
class BadInputTest {
  @TempDir Path dir;

  @Test
  void malformedRequestsAreRejectedAndStoredDataSurvives() throws Exception {
    try (BongsuServer bongsu = BongsuServer.start(TestServers.options(dir))) {
      String base = "http://" + TestServers.local(bongsu.webAddress());
      PromApi api = new PromApi(base);
      long t = System.currentTimeMillis() - 10_000;
      byte[] good = new WriteRequestEncoder()
          .addSample(Labels.of("__name__", "kept", "a", "1"), t, 42).toSnappy();
      assertThat(write(api, base, good).statusCode()).isEqualTo(204);

      HttpResponse<String> notSnappy = write(api, base, "definitely not snappy".getBytes(StandardCharsets.UTF_8));
      assertThat(notSnappy.statusCode()).isEqualTo(400);
      HttpResponse<String> notProto = write(api, base,
          SnappyBlock.compress(new byte[] {(byte) 0x0a, (byte) 0xff, 1, 2, 3}));
      assertThat(notProto.statusCode()).isEqualTo(400);
      byte[] noName = new WriteRequestEncoder().addSample(Labels.of("a", "1"), t, 1).toSnappy();
      assertThat(write(api, base, noName).statusCode()).isEqualTo(400);

      HttpResponse<String> badQuery = api.raw(HttpRequest.newBuilder(URI.create(base
          + "/api/v1/query?query=" + URLEncoder.encode("sum(rate(x[5m])", StandardCharsets.UTF_8))).build());
      assertThat(badQuery.statusCode()).isEqualTo(400);
      JsonNode err = new ObjectMapper().readTree(badQuery.body());
      assertThat(err.path("status").asText()).isEqualTo("error");
      assertThat(err.path("errorType").asText()).isEqualTo("bad_data");
      assertThat(err.path("error").asText()).isNotEmpty();

      HttpResponse<String> badStep = api.raw(HttpRequest.newBuilder(URI.create(base
          + "/api/v1/query_range?query=up&start=10&end=0&step=1")).build());
      assertThat(badStep.statusCode()).isEqualTo(400);

      JsonNode kept = api.get("/api/v1/query", "query", "kept", "time", Double.toString(t / 1000.0));
      assertThat(kept.path("result").path(0).path("value").path(1).asText()).isEqualTo("42");
    }
  }

  private static HttpResponse<String> write(PromApi api, String base, byte[] body) throws Exception {
    return api.raw(HttpRequest.newBuilder(URI.create(base + "/api/v1/write"))
        .header("Content-Type", "application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }
}
