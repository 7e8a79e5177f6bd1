package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Netfilter connection tracking: table size from /proc/sys/net/netfilter, statistics summed over CPUs from /proc/net/stat/nf_conntrack. */
public final class ConntrackCollector implements NodeCollector {
  private static final String[][] STATS = {
      {"found", "Number of searched entries which were successful."},
      {"invalid", "Number of packets seen which can not be tracked."},
      {"ignore", "Number of packets seen which are already connected to a conntrack entry."},
      {"insert", "Number of entries inserted into the list."},
      {"insert_failed", "Number of entries for which list insertion was attempted but failed."},
      {"drop", "Number of packets dropped due to conntrack failure."},
      {"early_drop", "Number of dropped conntrack entries to make room for new ones, if maximum table size was reached."},
      {"search_restart", "Number of conntrack table lookups which had to be restarted due to hashtable resizes."},
  };

  @Override
  public String name() {
    return "conntrack";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Double count = NodeContext.readDouble(ctx.proc("sys/net/netfilter/nf_conntrack_count"));
    Double max = NodeContext.readDouble(ctx.proc("sys/net/netfilter/nf_conntrack_max"));
    if (count == null || max == null) {
      throw new NoDataException("conntrack is not loaded");
    }
    out.gauge("node_nf_conntrack_entries", "Number of currently allocated flow entries for connection tracking.", count);
    out.gauge("node_nf_conntrack_entries_limit", "Maximum size of connection tracking table.", max);
    Path stat = ctx.proc("net/stat/nf_conntrack");
    if (!Files.isReadable(stat)) {
      return;
    }
    List<String> lines = NodeContext.lines(stat);
    if (lines.isEmpty()) {
      return;
    }
    String[] header = NodeContext.fields(lines.get(0));
    double[] sums = new double[header.length];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = NodeContext.fields(lines.get(i));
      for (int j = 0; j < Math.min(f.length, header.length); j++) {
        sums[j] += Long.parseLong(f[j], 16);
      }
    }
    for (String[] s : STATS) {
      for (int j = 0; j < header.length; j++) {
        if (header[j].equals(s[0])) {
          out.gauge("node_nf_conntrack_stat_" + s[0], s[1], sums[j]);
        }
      }
    }
  }
}
