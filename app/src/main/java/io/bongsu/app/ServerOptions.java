package io.bongsu.app;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of {@code bongsu server}. A listen address is {@code host:port} or {@code :port};
 * a null agent address runs no embedded agent, a null console address opens no console port.
 *
 * @param configFile a prometheus.yml, or null for the built-in config that scrapes this server
 *     and its embedded agent
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
    long queryMaxSamples) {

  public static ServerOptions defaults() {
    return new ServerOptions(null, Path.of("data", "metrics"), ":9090", ":3000", ":9100",
        Duration.ofDays(15), 0, Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(2),
        50_000_000);
  }
}
