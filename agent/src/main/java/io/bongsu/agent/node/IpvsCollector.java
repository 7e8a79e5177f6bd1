package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** IP Virtual Server totals from /proc/net/ip_vs_stats and per-backend state from /proc/net/ip_vs (addresses in hex). */
public final class IpvsCollector implements NodeCollector {
  @Override
  public String name() {
    return "ipvs";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path stats = ctx.proc("net/ip_vs_stats");
    if (!Files.isReadable(stats)) {
      throw new NoDataException("IPVS is not loaded");
    }
    List<String> lines = NodeContext.lines(stats);
    if (lines.size() < 3) {
      throw new IllegalStateException("unexpected ip_vs_stats: " + lines);
    }
    String[] t = NodeContext.fields(lines.get(2));
    if (t.length < 5) {
      throw new IllegalStateException("unexpected ip_vs_stats totals: " + lines.get(2));
    }
    out.counter("node_ipvs_connections_total", "The total number of connections made.", Long.parseLong(t[0], 16));
    out.counter("node_ipvs_incoming_packets_total", "The total number of incoming packets.", Long.parseLong(t[1], 16));
    out.counter("node_ipvs_outgoing_packets_total", "The total number of outgoing packets.", Long.parseLong(t[2], 16));
    out.counter("node_ipvs_incoming_bytes_total", "The total amount of incoming data.", Long.parseLong(t[3], 16));
    out.counter("node_ipvs_outgoing_bytes_total", "The total amount of outgoing data.", Long.parseLong(t[4], 16));

    Path table = ctx.proc("net/ip_vs");
    if (!Files.isReadable(table)) {
      return;
    }
    String proto = null;
    String[] local = {"", "0"};
    String mark = "";
    for (String line : NodeContext.lines(table)) {
      String[] f = NodeContext.fields(line);
      if (f.length >= 2 && (f[0].equals("TCP") || f[0].equals("UDP") || f[0].equals("SCTP"))) {
        proto = f[0];
        local = hostPort(f[1]);
        mark = "";
      } else if (f.length >= 2 && f[0].equals("FWM")) {
        proto = "FWM";
        local = new String[] {"", "0"};
        mark = f[1];
      } else if (f.length >= 6 && f[0].equals("->") && proto != null && !f[1].startsWith("RemoteAddress")) {
        String[] remote = hostPort(f[1]);
        String[] labels = {"local_address", local[0], "local_port", local[1], "local_mark", mark,
            "proto", proto, "remote_address", remote[0], "remote_port", remote[1]};
        out.gauge("node_ipvs_backend_connections_active", "The current active connections by local and remote address.", Double.parseDouble(f[4]), labels);
        out.gauge("node_ipvs_backend_connections_inactive", "The current inactive connections by local and remote address.", Double.parseDouble(f[5]), labels);
        out.gauge("node_ipvs_backend_weight", "The current backend weight by local and remote address.", Double.parseDouble(f[3]), labels);
      }
    }
  }

  /** "C0A80016:0CEA" or "[2620:0000:...]:0050" to dotted or colon address and decimal port. */
  static String[] hostPort(String s) {
    int colon = s.lastIndexOf(':');
    String addr = s.substring(0, colon);
    String port = Integer.toString(Integer.parseInt(s.substring(colon + 1), 16));
    if (addr.startsWith("[")) {
      return new String[] {compactIpv6(addr.substring(1, addr.length() - 1)), port};
    }
    long v = Long.parseLong(addr, 16);
    return new String[] {((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255), port};
  }

  /** RFC 5952 text form (what Go prints): groups without leading zeros, the longest zero run of two or more as "::". */
  static String compactIpv6(String full) {
    String[] parts = full.split(":");
    if (parts.length != 8) {
      return full;
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = Integer.parseInt(parts[i], 16);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
