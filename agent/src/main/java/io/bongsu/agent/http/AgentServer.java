package io.bongsu.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bongsu.agent.AgentOptions;
import io.bongsu.agent.node.NodeCollector;
import io.bongsu.agent.node.NodeCollectors;
import io.bongsu.agent.node.NodeContext;
import io.bongsu.agent.node.NodeScraper;
import io.bongsu.common.net.ListenAddress;
import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.write.ExpositionWriter;
import io.bongsu.exposition.write.MetricFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * The agent's HTTP endpoint, node_exporter style: {@code GET /metrics} in text format 0.0.4 or
 * OpenMetrics by Accept header, gzip when the client accepts it, and a landing page at {@code /}.
 * The JDK's HTTP server is enough for a scrape every few seconds and keeps the agent light.
 */
public final class AgentServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AgentServer.class.getName());

  static {
    // the JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and
    // delayed ACKs add up to 200 ms per scrape. The property is read once, when the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final NodeScraper scraper;
  private final MetricFamily buildInfo;

  private AgentServer(HttpServer server, ExecutorService executor, NodeScraper scraper, MetricFamily buildInfo) {
    this.server = server;
    this.executor = executor;
    this.scraper = scraper;
    this.buildInfo = buildInfo;
  }

  /**
   * Starts with node_exporter's default collectors, minus those the options disable. The server's
   * dispatcher thread keeps the JVM running until {@link #close()}.
   *
   * @throws IllegalArgumentException for a malformed listen address or an unknown collector name
   * @throws IOException when the address cannot be bound
   */
  public static AgentServer start(AgentOptions options) throws IOException {
    Set<String> unknown = new TreeSet<>(options.disabledCollectors());
    List<NodeCollector> collectors = new ArrayList<>();
    for (NodeCollector c : NodeCollectors.defaults()) {
      if (!unknown.remove(c.name())) {
        collectors.add(c);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown collectors: " + unknown);
    }
    return start(options, collectors);
  }

  public static AgentServer start(AgentOptions options, List<NodeCollector> collectors) throws IOException {
    NodeContext ctx = new NodeContext(options.procPath(), options.sysPath(), options.rootPath(),
        options.udevDataPath(), options.textfileDirectory());
    NodeScraper scraper = new NodeScraper(ctx, collectors, options.collectorTimeout());
    HttpServer http = HttpServer.create(ListenAddress.parse(options.listenAddress()), 0);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "bongsu-agent-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    AgentServer s = new AgentServer(http, executor, scraper, NodeCollectors.buildInfo(options.version(), ""));
    http.createContext("/", s::handle);
    http.start();
    LOG.info(() -> "bongsu agent listening on " + http.getAddress());
    return s;
  }

  /** The bound address; its port is the real one when the options asked for port 0. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** One scrape as families, what GET /metrics serialises. */
  public List<MetricFamily> scrape() {
    List<MetricFamily> families = new ArrayList<>(scraper.scrape());
    int at = 0;
    while (at < families.size() && families.get(at).name().compareTo(buildInfo.name()) < 0) {
      at++;
    }
    families.add(at, buildInfo);
    return families;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try {
        route(ex);
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "request failed", e);
        body = ("internal error: " + e + "\n").getBytes(StandardCharsets.UTF_8);
      }
      send(ex, 500, "text/plain; charset=utf-8", body, false);
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8), false);
      return;
    }
    String path = ex.getRequestURI().getPath();
    if (path.equals("/metrics")) {
      ExpositionFormat format = ExpositionFormat.negotiate(ex.getRequestHeaders().getFirst("Accept"));
      String body = ExpositionWriter.of(format).write(scrape());
      send(ex, 200, format.contentType(), body.getBytes(StandardCharsets.UTF_8), acceptsGzip(ex.getRequestHeaders().get("Accept-Encoding")));
    } else if (path.equals("/")) {
      send(ex, 200, "text/html; charset=utf-8", LANDING_PAGE.getBytes(StandardCharsets.UTF_8), false);
    } else {
      send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8), false);
    }
  }

  /** True when some Accept-Encoding value lists gzip (or *) without q=0. */
  static boolean acceptsGzip(List<String> headers) {
    if (headers == null) {
      return false;
    }
    for (String header : headers) {
      for (String coding : header.split(",")) {
        String[] parts = coding.split(";");
        String name = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!name.equals("gzip") && !name.equals("*")) {
          continue;
        }
        boolean refused = false;
        for (int i = 1; i < parts.length; i++) {
          String p = parts[i].trim().replace(" ", "");
          if (p.startsWith("q=")) {
            try {
              refused = Double.parseDouble(p.substring(2)) <= 0;
            } catch (NumberFormatException e) {
              refused = true;
            }
          }
        }
        if (!refused) {
          return true;
        }
      }
    }
    return false;
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body, boolean gzip) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (gzip) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(body.length / 4 + 64);
      try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
        gz.write(body);
      }
      body = buf.toByteArray();
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      ex.getResponseHeaders().set("Vary", "Accept-Encoding");
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    scraper.close();
  }

  private static final String LANDING_PAGE = """
      <!DOCTYPE html>
      <html>
      <head><meta charset="utf-8"><title>Bongsu Agent</title></head>
      <body>
      <h1>Bongsu Agent</h1>
      <p>Host metrics compatible with node_exporter.</p>
      <p><a href="/metrics">Metrics</a></p>
      </body>
      </html>
      """;
}
