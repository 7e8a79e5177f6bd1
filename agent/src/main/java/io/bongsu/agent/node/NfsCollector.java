package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** NFS client statistics from /proc/net/rpc/nfs: transport, RPC and per-procedure counts for NFS v2, v3 and v4. */
public final class NfsCollector implements NodeCollector {
  /** Procedure names in the order the kernel prints them on each procN line. */
  private static final List<String> V2 = List.of("Null", "GetAttr", "SetAttr", "Root", "Lookup", "ReadLink", "Read", "WrCache",
      "Write", "Create", "Remove", "Rename", "Link", "SymLink", "MkDir", "RmDir", "ReadDir", "FsStat");
  private static final List<String> V3 = List.of("Null", "GetAttr", "SetAttr", "Lookup", "Access", "ReadLink", "Read", "Write",
      "Create", "MkDir", "SymLink", "MkNod", "Remove", "RmDir", "Rename", "Link", "ReadDir", "ReadDirPlus", "FsStat", "FsInfo",
      "PathConf", "Commit");
  private static final List<String> V4 = List.of("Null", "Read", "Write", "Commit", "Open", "OpenConfirm", "OpenNoattr",
      "OpenDowngrade", "Close", "Setattr", "FsInfo", "Renew", "SetClientID", "SetClientIDConfirm", "Lock", "Lockt", "Locku",
      "Access", "Getattr", "Lookup", "LookupRoot", "Remove", "Rename", "Link", "Symlink", "Create", "Pathconf", "StatFs",
      "ReadLink", "ReadDir", "ServerCaps", "DelegReturn", "GetACL", "SetACL", "FsLocations", "ReleaseLockowner", "Secinfo",
      "FsidPresent", "ExchangeID", "CreateSession", "DestroySession", "Sequence", "GetLeaseTime", "ReclaimComplete",
      "LayoutGet", "GetDeviceInfo", "LayoutCommit", "LayoutReturn", "SecinfoNoName", "TestStateID", "FreeStateID",
      "GetDeviceList", "BindConnToSession", "DestroyClientID", "Seek", "Allocate", "DeAllocate", "LayoutStats", "Clone");

  @Override
  public String name() {
    return "nfs";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path file = ctx.proc("net/rpc/nfs");
    if (!Files.isReadable(file)) {
      throw new NoDataException("no NFS client statistics");
    }
    for (String line : NodeContext.lines(file)) {
      String[] f = NodeContext.fields(line);
      if (f.length == 0) {
        continue;
      }
      switch (f[0]) {
        case "net" -> {
          if (f.length >= 5) {
            String help = "Total NFSd network packets (sent+received) by protocol type.";
            out.counter("node_nfs_packets_total", help, Double.parseDouble(f[2]), "protocol", "udp");
            out.counter("node_nfs_packets_total", help, Double.parseDouble(f[3]), "protocol", "tcp");
            out.counter("node_nfs_connections_total", "Total number of NFSd TCP connections.", Double.parseDouble(f[4]));
          }
        }
        case "rpc" -> {
          if (f.length >= 4) {
            out.counter("node_nfs_rpcs_total", "Total number of RPCs performed.", Double.parseDouble(f[1]));
            out.counter("node_nfs_rpc_retransmissions_total", "Number of RPC transmissions performed.", Double.parseDouble(f[2]));
            out.counter("node_nfs_rpc_authentication_refreshes_total", "Number of RPC authentication refreshes performed.",
                Double.parseDouble(f[3]));
          }
        }
        case "proc2" -> procedures(out, f, V2, "2");
        case "proc3" -> procedures(out, f, V3, "3");
        case "proc4" -> procedures(out, f, V4, "4");
        default -> { }
      }
    }
  }

  /** "procN count v1 v2 ...": newer kernels append procedures; only the known ones are named. */
  private static void procedures(MetricSet out, String[] f, List<String> names, String version) {
    int n = Math.min(names.size(), f.length - 2);
    for (int i = 0; i < n; i++) {
      out.counter("node_nfs_requests_total", "Number of NFS procedures invoked.", Double.parseDouble(f[i + 2]),
          "method", names.get(i), "proto", version);
    }
  }
}
