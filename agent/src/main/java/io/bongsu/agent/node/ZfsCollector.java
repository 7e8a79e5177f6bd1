package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** ZFS on Linux kstats from /proc/spl/kstat/zfs: one untyped metric per kstat field, and pool states. */
public final class ZfsCollector implements NodeCollector {
  /** kstat file name to metric subsystem. */
  private static final Map<String, String> KSTATS = Map.of(
      "abdstats", "abd",
      "arcstats", "arc",
      "dmu_tx", "dmu_tx",
      "dnodestats", "dnode",
      "fm", "fm",
      "vdev_cache_stats", "vdev_cache",
      "vdev_mirror_stats", "vdev_mirror",
      "xuio_stats", "xuio",
      "zfetchstats", "zfetch",
      "zil", "zil");
  private static final List<String> POOL_STATES = List.of("online", "degraded", "faulted", "offline", "removed", "unavail", "suspended");

  @Override
  public String name() {
    return "zfs";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path base = ctx.proc("spl/kstat/zfs");
    if (!Files.isDirectory(base)) {
      throw new NoDataException("ZFS is not loaded");
    }
    for (Map.Entry<String, String> k : KSTATS.entrySet()) {
      Path file = base.resolve(k.getKey());
      if (!Files.isReadable(file)) {
        continue;
      }
      List<String> lines = NodeContext.lines(file);
      // line 1 is the kstat header, line 2 the column names "name type data"
      for (int i = 2; i < lines.size(); i++) {
        String[] f = NodeContext.fields(lines.get(i));
        if (f.length != 3) {
          continue;
        }
        double v;
        try {
          v = Double.parseDouble(f[2]);
        } catch (NumberFormatException e) {
          continue;
        }
        out.untyped("node_zfs_" + k.getValue() + "_" + f[0], "kstat.zfs.misc." + k.getKey() + "." + f[0], v);
      }
    }
    for (Path pool : SysfsDirs.list(base, "*")) {
      String state = NodeContext.readOptional(pool.resolve("state"));
      if (state == null || !Files.isDirectory(pool)) {
        continue;
      }
      String zpool = pool.getFileName().toString();
      for (String s : POOL_STATES) {
        out.gauge("node_zfs_zpool_state", "kstat.zfs.misc.state", s.equalsIgnoreCase(state) ? 1 : 0, "state", s, "zpool", zpool);
      }
    }
  }
}
