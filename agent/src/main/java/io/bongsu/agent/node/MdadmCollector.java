package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Software RAID state from /proc/mdstat. */
public final class MdadmCollector implements NodeCollector {
  private static final Pattern STATUS = Pattern.compile("\\[(\\d+)/(\\d+)]");
  private static final Pattern BLOCKS = Pattern.compile("^\\s*(\\d+) blocks");
  private static final Pattern SYNC = Pattern.compile("(recovery|resync|check|reshape)\\s*=\\s*[\\d.]+%\\s*\\((\\d+)/(\\d+)\\)");
  private static final String[] STATES = {"active", "inactive", "recovering", "resync", "check"};

  @Override
  public String name() {
    return "mdadm";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path file = ctx.proc("mdstat");
    if (!Files.isReadable(file)) {
      throw new NoDataException("no /proc/mdstat");
    }
    List<String> lines = NodeContext.lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("md") || !line.contains(" : ")) {
        continue;
      }
      String device = line.substring(0, line.indexOf(' '));
      String[] f = NodeContext.fields(line.substring(line.indexOf(" : ") + 3));
      String state = f.length > 0 ? f[0] : "inactive";
      int failed = 0;
      int spare = 0;
      int members = 0;
      for (String m : f) {
        if (m.contains("[")) {
          members++;
          failed += m.endsWith("(F)") ? 1 : 0;
          spare += m.endsWith("(S)") ? 1 : 0;
        }
      }
      double blocks = 0;
      double synced = -1;
      int required = members;
      int active = members - failed - spare;
      for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("md"); j++) {
        String detail = lines.get(j);
        Matcher b = BLOCKS.matcher(detail);
        if (b.find()) {
          blocks = Double.parseDouble(b.group(1));
        }
        Matcher st = STATUS.matcher(detail);
        if (st.find()) {
          required = Integer.parseInt(st.group(1));
          active = Integer.parseInt(st.group(2));
        }
        Matcher sy = SYNC.matcher(detail);
        if (sy.find()) {
          state = switch (sy.group(1)) {
            case "recovery", "reshape" -> "recovering";
            default -> sy.group(1);
          };
          synced = Double.parseDouble(sy.group(2));
        }
      }
      if (!state.equals("inactive") && synced < 0) {
        synced = blocks;
      }
      for (String s : STATES) {
        out.gauge("node_md_state", "Indicates the state of md-device.", s.equals(state) ? 1 : 0, "device", device, "state", s);
      }
      String help = "Number of active/failed/spare disks of device.";
      out.gauge("node_md_disks", help, active, "device", device, "state", "active");
      out.gauge("node_md_disks", help, failed, "device", device, "state", "failed");
      out.gauge("node_md_disks", help, spare, "device", device, "state", "spare");
      out.gauge("node_md_disks_required", "Total number of disks of device.", required, "device", device);
      out.gauge("node_md_blocks", "Total number of blocks on device.", blocks, "device", device);
      out.gauge("node_md_blocks_synced", "Number of blocks synced on device.", Math.max(synced, 0), "device", device);
    }
  }
}
