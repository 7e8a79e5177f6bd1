package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Protocol counters from /proc/net/netstat, /proc/net/snmp and /proc/net/snmp6, filtered by node_exporter's default field list. */
public final class NetstatCollector implements NodeCollector {
  public static final Pattern DEFAULT_FIELDS = Pattern.compile(
      "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$");

  @Override
  public String name() {
    return "netstat";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    pairedLines(NodeContext.lines(ctx.proc("net/netstat")), out);
    pairedLines(NodeContext.lines(ctx.proc("net/snmp")), out);
    Path snmp6 = ctx.proc("net/snmp6");
    if (Files.isReadable(snmp6)) {
      for (String line : NodeContext.lines(snmp6)) {
        String[] f = NodeContext.fields(line);
        if (f.length != 2) {
          continue;
        }
        int six = f[0].indexOf('6');
        if (six < 0) {
          continue;
        }
        emit(out, f[0].substring(0, six + 1), f[0].substring(six + 1), f[1]);
      }
    }
  }

  /** Header line "Proto: Name1 Name2" followed by value line "Proto: v1 v2". */
  private static void pairedLines(List<String> lines, MetricSet out) {
    for (int i = 0; i + 1 < lines.size(); i += 2) {
      String[] names = NodeContext.fields(lines.get(i));
      String[] values = NodeContext.fields(lines.get(i + 1));
      if (names.length != values.length || names.length == 0) {
        continue;
      }
      String proto = names[0].substring(0, names[0].length() - 1);
      for (int j = 1; j < names.length; j++) {
        emit(out, proto, names[j], values[j]);
      }
    }
  }

  private static void emit(MetricSet out, String proto, String field, String value) {
    String key = proto + "_" + field;
    if (!DEFAULT_FIELDS.matcher(key).matches()) {
      return;
    }
    out.untyped("node_netstat_" + key, "Statistic " + proto + field + ".", Double.parseDouble(value));
  }
}
