package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.ingest.remotewrite.WriteRequestEncoder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sample acknowledged by remote write survives {@code kill -9} of the server. */
class CrashRecoveryTest {
  static final int REQUESTS = 50;
  static final int SERIES = 100;
  static final int SAMPLES = 10;

  @TempDir Path dir;

  @Test
  void acknowledgedSamplesSurviveKill9() throws Exception {
    int port = FreePort.next();
    List<String> command = List.of(javaBin(), "-jar", BongsuJar.path().toString(), "server",
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--console.listen-address=off", "--agent.listen-address=off");
    String base = "http://127.0.0.1:" + port;
    long t0 = System.currentTimeMillis() - 60 * 60_000L;
    PromApi api = new PromApi(base);

    PeerProcess first = PeerProcess.start("bongsu-1", dir, command)
        .awaitHttpOk(base + "/-/ready", Duration.ofSeconds(60));
    WriteRequestEncoder enc = new WriteRequestEncoder();
    for (int r = 0; r < REQUESTS; r++) {
      enc.reset();
      for (int s = 0; s < SERIES; s++) {
        long[] ts = new long[SAMPLES];
        double[] vs = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
          ts[i] = t0 + (r * SAMPLES + i) * 1000L;
          vs[i] = r * SAMPLES + i + s / 1000.0;
        }
        enc.addSeries(Labels.of("__name__", "crash_test", "series", Integer.toString(s)), ts, vs);
      }
      HttpResponse<String> resp = api.raw(HttpRequest.newBuilder(URI.create(base + "/api/v1/write"))
          .header("Content-Type", "application/x-protobuf")
          .header("Content-Encoding", "snappy")
          .header("X-Prometheus-Remote-Write-Version", "0.1.0")
          .POST(HttpRequest.BodyPublishers.ofByteArray(enc.toSnappy())).build());
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(204);
    }
    first.kill();

    try (PeerProcess second = PeerProcess.start("bongsu-2", dir, command)
        .awaitHttpOk(base + "/-/ready", Duration.ofSeconds(60))) {
      long end = t0 + REQUESTS * SAMPLES * 1000L;
      String q = "sum(count_over_time(crash_test[2h]))";
      double count = api.get("/api/v1/query", "query", q, "time", Long.toString(end / 1000))
          .path("result").path(0).path("value").path(1).asDouble();
      assertThat(count).isEqualTo((double) REQUESTS * SERIES * SAMPLES);
      double last = api.get("/api/v1/query", "query", "crash_test{series=\"7\"}",
              "time", Long.toString(end / 1000))
          .path("result").path(0).path("value").path(1).asDouble();
      assertThat(last).isEqualTo(REQUESTS * SAMPLES - 1 + 0.007);
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
