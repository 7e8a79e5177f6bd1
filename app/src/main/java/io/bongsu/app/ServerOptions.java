package io.bongsu.app;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of {@code bongsu server}. A listen address is {@code host:port} or {@code :port};
 * a null agent address runs no embedded agent, a null console address opens no console port.
 *
 * @param configFile a prometheus.yml, or null for the built-in config that scrapes this server
 *     and its embedded agent
 * @param consoleProvisioningDir Grafana-style provisioning root (dashboard providers are read
 *     from its {@code dashboards} folder), or null for {@code console/provisioning} next to the
 *     metrics directory ({@code data/console/provisioning} by default)
 */
public record ServerOptions(
    Path configFile,
    Path tsdbPath,
    String webListenAddress,
    String consoleListenAddress,
    String agentListenAddress,
    Duration retentionTime,
    long retentionBytes,
    Duration outOfOrderWindow,
    Duration lookbackDelta,
    Duration queryTimeout,
    long queryMaxSamples,
    Path consoleProvisioningDir) {

  /** Where dashboards saved from the console live: {@code console/dashboards} next to the metrics. */
  public Path consoleDashboardsDir() {
    return tsdbPath.resolveSibling("console").resolve("dashboards");
  }

  /** The provisioning root in effect. */
  public Path consoleProvisioningRoot() {
    return consoleProvisioningDir != null ? consoleProvisioningDir
        : tsdbPath.resolveSibling("console").resolve("provisioning");
  }

  public static ServerOptions defaults() {
    return new ServerOptions(null, Path.of("data", "metrics"), ":9090", ":3000", ":9100",
        Duration.ofDays(15), 0, Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(2),
        50_000_000, null);
  }
}
