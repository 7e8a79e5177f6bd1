package io.bongsu.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.metrics.scrape.config.PrometheusConfig;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes over HTTPS from a server with a freshly generated self-signed certificate. */
class TlsScrapeTest {
  @TempDir Path dir;
  private HttpsServer server;
  private MemoryStorage storage;
  private ScrapeManager manager;
  private String address;

  private void keytool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @BeforeEach
  void start() throws Exception {
    Path ks = dir.resolve("server.p12");
    keytool("-genkeypair", "-alias", "srv", "-keyalg", "EC", "-dname", "CN=target.test",
        "-ext", "san=dns:target.test,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "srv", "-keystore", ks.toString(), "-storepass", "changeit",
        "-file", dir.resolve("ca.pem").toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/metrics", ex -> {
      byte[] body = "tls_metric 1\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    address = "127.0.0.1:" + server.getAddress().getPort();
    storage = new MemoryStorage();
    manager = new ScrapeManager(storage);
  }

  @AfterEach
  void stop() {
    manager.close();
    server.stop(0);
  }

  private Double lastUp(String job) {
    List<Series> s = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)
        .select(List.of(LabelMatcher.eq("__name__", "up"), LabelMatcher.eq("job", job)));
    if (s.isEmpty()) {
      return null;
    }
    SampleIterator it = s.get(0).iterator();
    Double last = null;
    while (it.next()) {
      last = it.value();
    }
    return last;
  }

  @Test
  void verifiesCertificatesUnlessToldToSkip() throws Exception {
    manager.apply(PrometheusConfig.parse("""
        scrape_configs:
        - job_name: untrusted
          scheme: https
          scrape_interval: 1s
          static_configs: [{targets: ['ADDR']}]
        - job_name: skip
          scheme: https
          scrape_interval: 1s
          tls_config: {insecure_skip_verify: true}
          static_configs: [{targets: ['ADDR']}]
        - job_name: ca
          scheme: https
          scrape_interval: 1s
          tls_config: {ca_file: ca.pem}
          static_configs: [{targets: ['ADDR']}]
        """.replace("ADDR", address), dir));
    // A first handshake can outlast the 1 s timeout on a loaded machine, so wait for the
    // steady state rather than judging the first scrape.
    long deadline = System.currentTimeMillis() + 30_000;
    while (!(Double.valueOf(0.0).equals(lastUp("untrusted"))
            && Double.valueOf(1.0).equals(lastUp("skip")) && Double.valueOf(1.0).equals(lastUp("ca")))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lastUp("untrusted")).isEqualTo(0.0);
    assertThat(lastUp("skip")).isEqualTo(1.0);
    assertThat(lastUp("ca")).isEqualTo(1.0);
    assertThat(manager.activeTargets()).filteredOn(t -> t.scrapePool().equals("untrusted"))
        .singleElement().satisfies(t -> assertThat(t.lastError()).isNotEmpty());
  }
}
