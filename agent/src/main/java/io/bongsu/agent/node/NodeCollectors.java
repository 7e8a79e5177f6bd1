package io.bongsu.agent.node;

import io.bongsu.exposition.write.MetricFamily;
import io.bongsu.exposition.MetricType;
import io.bongsu.exposition.write.Sample;
import java.util.List;
import java.util.Locale;

/** The collectors node_exporter 1.5 enables by default on Linux that this agent implements. */
public final class NodeCollectors {
  private NodeCollectors() {}

  public static List<NodeCollector> defaults() {
    return List.of(
        new ArpCollector(),
        new BondingCollector(),
        new BtrfsCollector(),
        new ConntrackCollector(),
        new CpuCollector(),
        new CpufreqCollector(),
        new DiskstatsCollector(),
        new DmiCollector(),
        new EdacCollector(),
        new EntropyCollector(),
        new FilefdCollector(),
        new FilesystemCollector(),
        new HwmonCollector(),
        new IpvsCollector(),
        new LoadavgCollector(),
        new MdadmCollector(),
        new MeminfoCollector(),
        new NetclassCollector(),
        new NetdevCollector(),
        new NetstatCollector(),
        new NfsCollector(),
        new NvmeCollector(),
        new OsCollector(),
        new PowerSupplyClassCollector(),
        new PressureCollector(),
        new RaplCollector(),
        new SchedstatCollector(),
        new SelinuxCollector(),
        new SockstatCollector(),
        new SoftnetCollector(),
        new StatCollector(),
        new TextfileCollector(),
        new ThermalZoneCollector(),
        new TimeCollector(),
        new TimexCollector(),
        new UdpQueuesCollector(),
        new UnameCollector(),
        new VmstatCollector(),
        new ZfsCollector());
  }

  /**
   * {@code node_exporter_build_info} with node_exporter's label names, so dashboards that show the
   * exporter version keep working; the values describe this agent and its runtime.
   */
  public static MetricFamily buildInfo(String version, String revision) {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String goarch = switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
    return new MetricFamily("node_exporter_build_info", MetricType.GAUGE,
        "A metric with a constant '1' value labeled by version, revision, branch, goversion from which node_exporter was built, and the goos and goarch for the build.",
        "", List.of(Sample.of(1, "branch", "", "goarch", goarch,
            "goos", System.getProperty("os.name", "").toLowerCase(Locale.ROOT),
            "goversion", "java" + Runtime.version().feature(), "revision", revision, "version", version)));
  }
}
