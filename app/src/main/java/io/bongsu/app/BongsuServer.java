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
import io.bongsu.exposition.write.ExpositionFormat;
import io.bongsu.metrics.api.BuildInfo;
import io.bongsu.metrics.api.PrometheusApi;
import io.bongsu.metrics.api.TsdbStatsSource;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import io.bongsu.metrics.tsdb.TsdbStats;
import io.bongsu.promql.engine.EngineOptions;
import io.bongsu.promql.engine.PromqlEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
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
  private final AgentServer agent;
  private final Server http;

  private BongsuServer(ServerOptions options, Tsdb tsdb, AgentServer agent, Server http) {
    this.options = options;
    this.tsdb = tsdb;
    this.agent = agent;
    this.http = http;
  }

  public static BongsuServer start(ServerOptions options) throws IOException {
    Tsdb tsdb = Tsdb.open(options.tsdbPath(), TsdbOptions.defaults()
        .withRetention(options.retentionTime().toMillis(), options.retentionBytes())
        .withOutOfOrderWindow(options.outOfOrderWindow().toMillis()));
    AgentServer agent = null;
    try {
      if (options.agentListenAddress() != null) {
        agent = startAgent(options.agentListenAddress());
      }
      PromqlEngine engine = new PromqlEngine(tsdb, EngineOptions.defaults()
          .withLookbackDelta(options.lookbackDelta())
          .withTimeout(options.queryTimeout())
          .withMaxSamples(options.queryMaxSamples()));
      PrometheusApi api = PrometheusApi.builder(tsdb, engine)
          .tsdbStats(() -> toApiStats(tsdb.stats()))
          .flags(() -> flags(options))
          .buildInfo(new BuildInfo(Version.current(), "", "", "", "", "java" + System.getProperty("java.version")))
          .remoteWrite(new RemoteWriteReceiver(tsdb))
          .build();
      SelfMetrics self = new SelfMetrics(tsdb);
      ServerBuilder sb = Server.builder();
      sb.http(ListenAddress.parse(options.webListenAddress()));
      if (options.consoleListenAddress() != null) {
        sb.http(ListenAddress.parse(options.consoleListenAddress()));
      }
      sb.gracefulShutdownTimeoutMillis(0, 2_000);
      api.mount(sb);
      sb.service("/metrics", ((ctx, req) -> {
        ExpositionFormat format = ExpositionFormat.negotiate(req.headers().get(HttpHeaderNames.ACCEPT));
        return HttpResponse.of(HttpStatus.OK, MediaType.parse(format.contentType()),
            format.writer().write(self.collect()));
      }));
      sb.decorator("/metrics", EncodingService.newDecorator());
      Server http = sb.build();
      http.start().join();
      BongsuServer server = new BongsuServer(options, tsdb, agent, http);
      LOG.info(() -> "bongsu server: Prometheus API on " + server.webAddress()
          + (server.agent != null ? ", agent on " + server.agent.address() : ""));
      return server;
    } catch (RuntimeException e) {
      if (agent != null) {
        agent.close();
      }
      tsdb.close();
      throw e;
    }
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
    return f;
  }

  @Override
  public void close() {
    http.stop().join();
    if (agent != null) {
      agent.close();
    }
    tsdb.close();
  }
}
