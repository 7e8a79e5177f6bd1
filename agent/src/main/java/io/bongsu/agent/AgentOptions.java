package io.bongsu.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Settings of {@code bongsu agent}. Paths default to the host's own; point them at a mounted host
 * tree when running in a container, or at fixture trees in tests.
 *
 * @param listenAddress {@code host:port}, {@code :port} for all interfaces, or {@code [v6]:port}
 * @param udevDataPath where udev keeps device properties (disk model, serial, wwn)
 * @param textfileDirectory the textfile collector's directory, or null
 * @param collectorTimeout how long one scrape waits for each collector
 * @param disabledCollectors node_exporter collector names to leave out
 * @param version reported in node_exporter_build_info
 */
public record AgentOptions(
    String listenAddress,
    Path procPath,
    Path sysPath,
    Path rootPath,
    Path udevDataPath,
    Path textfileDirectory,
    Duration collectorTimeout,
    Set<String> disabledCollectors,
    String version) {

  public AgentOptions {
    if (collectorTimeout == null || collectorTimeout.isNegative() || collectorTimeout.isZero()) {
      throw new IllegalArgumentException("collector timeout must be positive, got " + collectorTimeout);
    }
    disabledCollectors = Set.copyOf(disabledCollectors);
  }

  public static final String DEFAULT_LISTEN_ADDRESS = ":9100";

  public static AgentOptions defaults() {
    return new AgentOptions(DEFAULT_LISTEN_ADDRESS, Path.of("/proc"), Path.of("/sys"), Path.of("/"),
        Path.of("/run/udev/data"), null, Duration.ofSeconds(10), Set.of(), versionOfPackage());
  }

  public AgentOptions withListenAddress(String v) {
    return new AgentOptions(v, procPath, sysPath, rootPath, udevDataPath, textfileDirectory, collectorTimeout, disabledCollectors, version);
  }

  public AgentOptions withProcPath(Path v) {
    return new AgentOptions(listenAddress, v, sysPath, rootPath, udevDataPath, textfileDirectory, collectorTimeout, disabledCollectors, version);
  }

  public AgentOptions withSysPath(Path v) {
    return new AgentOptions(listenAddress, procPath, v, rootPath, udevDataPath, textfileDirectory, collectorTimeout, disabledCollectors, version);
  }

  public AgentOptions withRootPath(Path v) {
    return new AgentOptions(listenAddress, procPath, sysPath, v, udevDataPath, textfileDirectory, collectorTimeout, disabledCollectors, version);
  }

  public AgentOptions withUdevDataPath(Path v) {
    return new AgentOptions(listenAddress, procPath, sysPath, rootPath, v, textfileDirectory, collectorTimeout, disabledCollectors, version);
  }

  public AgentOptions withTextfileDirectory(Path v) {
    return new AgentOptions(listenAddress, procPath, sysPath, rootPath, udevDataPath, v, collectorTimeout, disabledCollectors, version);
  }

  public AgentOptions withCollectorTimeout(Duration v) {
    return new AgentOptions(listenAddress, procPath, sysPath, rootPath, udevDataPath, textfileDirectory, v, disabledCollectors, version);
  }

  /** Collectors to leave out by node_exporter name, like {@code --no-collector.<name>}. */
  public AgentOptions withDisabledCollectors(Set<String> v) {
    return new AgentOptions(listenAddress, procPath, sysPath, rootPath, udevDataPath, textfileDirectory, collectorTimeout, v, version);
  }

  public AgentOptions withVersion(String v) {
    return new AgentOptions(listenAddress, procPath, sysPath, rootPath, udevDataPath, textfileDirectory, collectorTimeout, disabledCollectors, v);
  }

  private static String versionOfPackage() {
    String v = AgentOptions.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
