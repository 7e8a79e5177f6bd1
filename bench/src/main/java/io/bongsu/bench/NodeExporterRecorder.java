package io.bongsu.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Records real node_exporter data for the disk benchmarks: starts the node_exporter binary on a
 * free loopback port, scrapes it {@code --scrapes} times every {@code --interval} as Prometheus
 * would (the timestamp of a scrape is when it started) and writes every sample with its scrape's
 * timestamp as OpenMetrics text, which {@code promtool tsdb create-blocks-from openmetrics},
 * {@code bongsu import}, {@link DiskBench} and {@link MetricsBench} read.
 *
 * <p>Usage: {@code --out=bench/target/node-exporter.om --scrapes=600 --interval=1s
 * --binary=/usr/bin/prometheus-node-exporter}
 */
public final class NodeExporterRecorder {
  private NodeExporterRecorder() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("out", "bench/target/node-exporter.om");
    opts.put("scrapes", "600");
    opts.put("interval", "1s");
    opts.put("binary", "/usr/bin/prometheus-node-exporter");
    DiskBench.parseArgs(args, opts);
    int scrapes = Integer.parseInt(opts.get("scrapes"));
    long interval = MetricsBench.parseDuration(opts.get("interval"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path out = Path.of(opts.get("out"));
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Path log = Files.createTempFile("node-exporter", ".log");
    Process exporter = new ProcessBuilder(opts.get("binary"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(10)).build();
    long samples = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      awaitUp(http, req, exporter, log);
      long next = System.currentTimeMillis();
      for (int i = 0; i < scrapes; i++) {
        long sleep = next - System.currentTimeMillis();
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
        long t = System.currentTimeMillis();
        String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        String ts = String.format(Locale.ROOT, " %d.%03d", t / 1000, t % 1000);
        for (String line : body.split("\n")) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          w.write(line);
          w.write(ts);
          w.write('\n');
          samples++;
        }
        next += interval;
        if ((i + 1) % 60 == 0) {
          System.err.printf("%d/%d scrapes, %,d samples%n", i + 1, scrapes, samples);
        }
      }
      w.write("# EOF\n");
    } finally {
      exporter.destroy();
      exporter.waitFor();
      Files.deleteIfExists(log);
    }
    System.out.printf("recorded %d scrapes of node_exporter every %s, %,d samples, into %s%n",
        scrapes, opts.get("interval"), samples, out);
  }

  private static void awaitUp(HttpClient http, HttpRequest req, Process exporter, Path log)
      throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      if (!exporter.isAlive()) {
        throw new IOException("node_exporter exited: " + Files.readString(log));
      }
      try {
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IOException("node_exporter did not answer within 10 s");
  }
}
