package io.bongsu.app;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import com.linecorp.armeria.server.encoding.EncodingService;
import io.bongsu.agent.AgentOptions;
import io.bongsu.agent.http.AgentServer;
import io.bongsu.common.net.ListenAddress;
import io.bongsu.console.Console;
import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.write.ExpositionWriter;
import io.bongsu.metrics.api.MetadataSource;
import io.bongsu.metrics.api.PrometheusApi;
import io.bongsu.metrics.api.RuntimeInfo;
import io.bongsu.metrics.api.TargetSource;
import io.bongsu.metrics.api.TsdbStatsSource;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver;
import io.bongsu.metrics.scrape.ScrapeManager;
import io.bongsu.metrics.scrape.config.Durations;
import io.bongsu.metrics.scrape.config.PrometheusConfig;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import io.bongsu.metrics.tsdb.TsdbStats;
import io.bongsu.promql.engine.EngineOptions;
import io.bongsu.promql.engine.PromqlEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The composition root of {@code bongsu server}: opens the TSDB, starts the query engine, the
 * scrape manager, the HTTP APIs and the embedded agent, and stops them in reverse order.
 */
public final class BongsuServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BongsuServer.class.getName());

  private final ServerOptions options;
  private final Tsdb tsdb;
  private final ScrapeManager scrape;
  private volatile AgentServer agent;
  private volatile Server http;
  private volatile Console console;
  private volatile PrometheusConfig config;
  private volatile boolean lastReloadSucceeded = true;
  private volatile Instant lastConfigTime = Instant.now();

  private BongsuServer(ServerOptions options, Tsdb tsdb, ScrapeManager scrape) {
    this.options = options;
    this.tsdb = tsdb;
    this.scrape = scrape;
  }

  public static BongsuServer start(ServerOptions options) throws IOException {
    Tsdb tsdb = Tsdb.open(options.tsdbPath(), TsdbOptions.defaults()
        .withRetention(options.retentionTime().toMillis(), options.retentionBytes())
        .withOutOfOrderWindow(options.outOfOrderWindow().toMillis()));
    BongsuServer server = new BongsuServer(options, tsdb, new ScrapeManager(tsdb));
    try {
      server.startServing();
      return server;
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
  }

  private void startServing() throws IOException {
    if (options.agentListenAddress() != null) {
      agent = startAgent(options.agentListenAddress());
    }
    PromqlEngine engine = new PromqlEngine(tsdb, EngineOptions.defaults()
        .withLookbackDelta(options.lookbackDelta())
        .withTimeout(options.queryTimeout())
        .withMaxSamples(options.queryMaxSamples()));
    PrometheusApi api = PrometheusApi.builder(tsdb, engine)
        .targets(targetSource())
        .metadata(metadataSource())
        .config(() -> config == null ? "" : config.originalYaml())
        .tsdbStats(() -> toApiStats(tsdb.stats()))
        .flags(() -> flags(options))
        .reload(this::reload)
        .runtimeInfo(this::runtimeInfo)
        .remoteWrite(new RemoteWriteReceiver(tsdb))
        .build();
    HttpMetrics httpMetrics = new HttpMetrics();
    SelfMetrics self = new SelfMetrics(tsdb, httpMetrics);
    ServerBuilder sb = Server.builder();
    sb.http(ListenAddress.parse(options.webListenAddress()));
    if (options.consoleListenAddress() != null) {
      sb.http(ListenAddress.parse(options.consoleListenAddress()));
    }
    sb.gracefulShutdownTimeoutMillis(0, 2_000);
    api.mount(sb);
    console = Console.create(options.consoleDashboardsDir(), options.consoleProvisioningRoot());
    console.mount(sb);
    sb.service("/metrics", (ctx, req) -> {
      ExpositionFormat format = ExpositionFormat.negotiate(req.headers().get(HttpHeaderNames.ACCEPT));
      return HttpResponse.of(HttpStatus.OK, MediaType.parse(format.contentType()),
          ExpositionWriter.of(format).write(self.collect()));
    });
    sb.decorator("/metrics", EncodingService.newDecorator());
    sb.decorator(httpMetrics.decorator());
    http = sb.build();
    http.start().join();
    reload();
    LOG.info(() -> "bongsu server: Prometheus API on " + webAddress()
        + (agent != null ? ", agent on " + agent.address() : ""));
  }

  /**
   * Re-reads the config file (or rebuilds the default config) and applies it to scraping, and
   * re-reads the console's dashboard provider files.
   */
  public synchronized void reload() {
    if (config != null && console != null) {
      // Like Grafana's provisioning reload; it never fails, bad files are reported by the console.
      console.reloadProvisioning();
    }
    try {
      PrometheusConfig next = options.configFile() != null
          ? PrometheusConfig.load(options.configFile())
          : PrometheusConfig.parse(DefaultConfig.yaml(ListenAddress.local(webAddress()),
              agent == null ? null : ListenAddress.local(agent.address())), null);
      scrape.apply(next);
      config = next;
      lastReloadSucceeded = true;
      lastConfigTime = Instant.now();
    } catch (RuntimeException e) {
      lastReloadSucceeded = false;
      throw e;
    }
  }

  private RuntimeInfo runtimeInfo() {
    return new RuntimeInfo(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()),
        Path.of("").toAbsolutePath().toString(), lastReloadSucceeded, lastConfigTime,
        tsdb.replayReport().corruptions().size(), Thread.activeCount(),
        Runtime.getRuntime().availableProcessors(), "", "",
        Durations.format(options.retentionTime()));
  }

  private static AgentServer startAgent(String listen) {
    try {
      return AgentServer.start(AgentOptions.defaults().withListenAddress(listen));
    } catch (IOException e) {
      LOG.warning(() -> "embedded agent not started on " + listen + ": " + e.getMessage()
          + " (is node_exporter already running there?)");
      return null;
    }
  }

  /** The address the Prometheus API answers on (the first configured listener). */
  public InetSocketAddress webAddress() {
    return portAddress(options.webListenAddress());
  }

  private InetSocketAddress portAddress(String configured) {
    InetSocketAddress want = ListenAddress.parse(configured);
    for (ServerPort p : http.activePorts().values()) {
      if (want.getPort() == 0 || p.localAddress().getPort() == want.getPort()) {
        return p.localAddress();
      }
    }
    throw new IllegalStateException("not listening on " + configured);
  }

  public Tsdb tsdb() {
    return tsdb;
  }

  private TargetSource targetSource() {
    return new TargetSource() {
      @Override
      public List<Active> activeTargets() {
        return scrape.activeTargets().stream().map(t -> new Active(t.discoveredLabels(), t.labels(),
            t.scrapePool(), t.scrapeUrl(), t.globalUrl(), t.lastError(), t.lastScrape(),
            t.lastScrapeDuration(), t.health(), t.scrapeInterval(), t.scrapeTimeout())).toList();
      }

      @Override
      public List<Dropped> droppedTargets() {
        return scrape.droppedTargets().stream().map(d -> new Dropped(d.discoveredLabels())).toList();
      }
    };
  }

  private MetadataSource metadataSource() {
    return () -> scrape.targetMetadata().stream()
        .map(m -> new MetadataSource.Entry(m.target(), m.metric(), m.metadata().type(),
            m.metadata().help(), m.metadata().unit()))
        .toList();
  }

  private static TsdbStatsSource.TsdbStats toApiStats(TsdbStats s) {
    boolean empty = s.headMinTime() > s.headMaxTime();
    long pairs = s.labelValueCountByLabelName().stream().mapToLong(TsdbStats.Entry::value).sum();
    return new TsdbStatsSource.TsdbStats(
        new TsdbStatsSource.HeadStats(s.numSeries(), pairs, s.headChunks(),
            empty ? 0 : s.headMinTime(), empty ? 0 : s.headMaxTime()),
        stats(s.seriesCountByMetricName()), stats(s.labelValueCountByLabelName()),
        stats(s.memoryInBytesByLabelName()), stats(s.seriesCountByLabelValuePair()));
  }

  private static List<TsdbStatsSource.Stat> stats(List<TsdbStats.Entry> entries) {
    return entries.stream().map(e -> new TsdbStatsSource.Stat(e.name(), e.value())).toList();
  }

  private static Map<String, String> flags(ServerOptions o) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("config.file", o.configFile() == null ? "" : o.configFile().toString());
    f.put("storage.tsdb.path", o.tsdbPath().toString());
    f.put("storage.tsdb.retention.time", o.retentionTime().toString());
    f.put("storage.tsdb.retention.size", Long.toString(o.retentionBytes()));
    f.put("storage.tsdb.out-of-order-time-window", o.outOfOrderWindow().toString());
    f.put("web.listen-address", o.webListenAddress());
    f.put("query.lookback-delta", o.lookbackDelta().toString());
    f.put("query.timeout", o.queryTimeout().toString());
    f.put("query.max-samples", Long.toString(o.queryMaxSamples()));
    f.put("console.provisioning-dir", o.consoleProvisioningRoot().toString());
    return f;
  }

  @Override
  public void close() {
    scrape.close();
    if (http != null) {
      http.stop().join();
    }
    if (console != null) {
      console.close();
    }
    if (agent != null) {
      agent.close();
    }
    tsdb.close();
  }
}
