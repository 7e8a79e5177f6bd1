package io.bongsu.app;

import io.bongsu.metrics.scrape.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bongsu server}: every engine and API in one process. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Run the Bongsu server: metrics storage, scraping, PromQL and the Prometheus API.")
final class ServerCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(ServerCommand.class.getName());

  @Option(names = "--config.file", description = "A prometheus.yml; without it Bongsu scrapes itself and its embedded agent.")
  Path configFile;

  @Option(names = "--storage.tsdb.path", defaultValue = "data/metrics",
      description = "Where metrics are stored (default: ${DEFAULT-VALUE}).")
  Path tsdbPath;

  @Option(names = "--web.listen-address", defaultValue = ":9090",
      description = "Prometheus API address (default: ${DEFAULT-VALUE}).")
  String webListenAddress;

  @Option(names = "--console.listen-address", defaultValue = ":3000",
      description = "Console address, which serves every API too (default: ${DEFAULT-VALUE}); 'off' for none.")
  String consoleListenAddress;

  @Option(names = "--console.provisioning-dir",
      description = "Grafana-style provisioning folder: dashboard providers (*.yaml) are read from its"
          + " 'dashboards' subfolder (default: console/provisioning next to --storage.tsdb.path,"
          + " i.e. data/console/provisioning).")
  Path consoleProvisioningDir;

  @Option(names = "--agent.listen-address", defaultValue = ":9100",
      description = "Embedded host agent address (default: ${DEFAULT-VALUE}); 'off' for none.")
  String agentListenAddress;

  @Option(names = "--storage.tsdb.retention.time", defaultValue = "15d", converter = DurationConverter.class,
      description = "How long to keep samples (default: ${DEFAULT-VALUE}).")
  Duration retentionTime;

  @Option(names = "--storage.tsdb.retention.size", defaultValue = "0",
      description = "Maximum bytes of blocks to keep; 0 for no limit.")
  long retentionBytes;

  @Option(names = "--storage.tsdb.out-of-order-time-window", defaultValue = "0s", converter = DurationConverter.class,
      description = "How far back out-of-order samples are accepted (default: ${DEFAULT-VALUE}).")
  Duration outOfOrderWindow;

  @Option(names = "--query.lookback-delta", defaultValue = "5m", converter = DurationConverter.class,
      description = "How far back a query looks for the latest sample (default: ${DEFAULT-VALUE}).")
  Duration lookbackDelta;

  @Option(names = "--query.timeout", defaultValue = "2m", converter = DurationConverter.class,
      description = "Maximum time a query may take (default: ${DEFAULT-VALUE}).")
  Duration queryTimeout;

  @Option(names = "--query.max-samples", defaultValue = "50000000",
      description = "Maximum samples a query may hold in memory (default: ${DEFAULT-VALUE}).")
  long queryMaxSamples;

  @Override
  public Integer call() throws Exception {
    ServerOptions options = new ServerOptions(configFile, tsdbPath, webListenAddress,
        off(consoleListenAddress), off(agentListenAddress), retentionTime, retentionBytes,
        outOfOrderWindow, lookbackDelta, queryTimeout, queryMaxSamples, consoleProvisioningDir);
    BongsuServer server;
    try {
      server = BongsuServer.start(options);
    } catch (ConfigException e) {
      System.err.println("bongsu server: " + e.getMessage());
      return 2;
    }
    reloadOnHangup(server);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "bongsu-shutdown"));
    stopped.await();
    return 0;
  }

  /** SIGHUP reloads the config, as it does for Prometheus. */
  @SuppressWarnings("sunapi")
  private static void reloadOnHangup(BongsuServer server) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
        try {
          server.reload();
          LOG.info("configuration reloaded on SIGHUP");
        } catch (RuntimeException e) {
          LOG.warning("reload on SIGHUP failed, keeping the running configuration: " + e.getMessage());
        }
      });
    } catch (IllegalArgumentException e) {
      LOG.fine("no SIGHUP on this platform");
    }
  }

  private static String off(String address) {
    return "off".equals(address) ? null : address;
  }
}
