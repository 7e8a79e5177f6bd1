package io.bongsu.agent.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Filesystem sizes and inode counts for the mounts in /proc/1/mounts, minus node_exporter's
 * default mount point and filesystem type exclusions. The JDK exposes no inode counts, so statfs
 * values come from one {@code stat -f} call for all mounts (coreutils); without it, sizes come
 * from {@link FileStore} and the inode families are left out.
 */
public final class FilesystemCollector implements NodeCollector {
  /** Debian's node_exporter 1.5 default (upstream excludes only /run/credentials below /run). */
  public static final Pattern DEFAULT_MOUNT_POINTS_EXCLUDE =
      Pattern.compile("^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
  public static final Pattern DEFAULT_FS_TYPES_EXCLUDE = Pattern.compile(
      "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$");
  private static final long STAT_TIMEOUT_SECONDS = 5;

  record Mount(String device, String mountPoint, String fsType, boolean readOnly) {}

  record StatFs(double blocks, double free, double avail, double blockSize, double files, double filesFree) {}

  @Override
  public String name() {
    return "filesystem";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    List<Mount> mounts = mounts(ctx);
    Map<String, StatFs> stats = statAll(ctx, mounts);
    for (Mount m : mounts) {
      String[] labels = {"device", m.device, "fstype", m.fsType, "mountpoint", m.mountPoint};
      StatFs s = stats == null ? statWithFileStore(ctx, m.mountPoint) : stats.get(m.mountPoint);
      out.gauge("node_filesystem_device_error", "Whether an error occurred while getting statistics for the given device.",
          s == null ? 1 : 0, labels);
      if (s == null) {
        continue;
      }
      out.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", s.blocks * s.blockSize, labels);
      out.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", s.free * s.blockSize, labels);
      out.gauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", s.avail * s.blockSize, labels);
      if (s.files >= 0) {
        out.gauge("node_filesystem_files", "Filesystem total file nodes.", s.files, labels);
        out.gauge("node_filesystem_files_free", "Filesystem total free file nodes.", s.filesFree, labels);
      }
      out.gauge("node_filesystem_readonly", "Filesystem read-only status.", m.readOnly ? 1 : 0, labels);
    }
  }

  static List<Mount> mounts(NodeContext ctx) throws IOException {
    Path file = ctx.proc("1/mounts");
    if (!Files.isReadable(file)) {
      file = ctx.proc("mounts");
    }
    List<Mount> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String line : NodeContext.lines(file)) {
      String[] f = NodeContext.fields(line);
      if (f.length < 4) {
        continue;
      }
      String mountPoint = unescape(f[1]);
      String root = ctx.rootPath().toString();
      if (!root.equals("/") && mountPoint.startsWith(root)) {
        mountPoint = mountPoint.substring(root.length());
        if (mountPoint.isEmpty()) {
          mountPoint = "/";
        }
      }
      if (DEFAULT_MOUNT_POINTS_EXCLUDE.matcher(mountPoint).find() || DEFAULT_FS_TYPES_EXCLUDE.matcher(f[2]).find()) {
        continue;
      }
      String device = unescape(f[0]);
      if (!seen.add(device + "\0" + mountPoint + "\0" + f[2])) {
        continue;
      }
      boolean ro = false;
      for (String opt : f[3].split(",")) {
        ro |= opt.equals("ro");
      }
      result.add(new Mount(device, mountPoint, f[2], ro));
    }
    return result;
  }

  /** Mount tables escape space, tab, newline and backslash as octal. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()
          && isOctal(s.charAt(i + 1)) && isOctal(s.charAt(i + 2)) && isOctal(s.charAt(i + 3))) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  /**
   * statfs of every mount, keyed by mount point; mounts that could not be statted (or did not
   * answer in time, like a hung network mount) are absent. Null when {@code stat} cannot run.
   */
  private static Map<String, StatFs> statAll(NodeContext ctx, List<Mount> mounts) {
    Map<String, StatFs> result = new HashMap<>();
    if (mounts.isEmpty()) {
      return result;
    }
    Map<String, String> mountPointByPath = new HashMap<>();
    List<String> cmd = new ArrayList<>(List.of("stat", "-f", "-c", "%b %f %a %s %c %d %n", "--"));
    for (Mount m : mounts) {
      String path = ctx.root(m.mountPoint).toString();
      mountPointByPath.put(path, m.mountPoint);
      cmd.add(path);
    }
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return null;
    }
    try {
      // a hung network mount hangs stat; wait first (the output of a few lines fits the pipe buffer), then read
      if (!p.waitFor(STAT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        return result;
      }
      // one line per path stat could read, ending with the path; failures go to stderr
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : output.split("\n")) {
        String[] f = line.split(" ", 7);
        String mountPoint = f.length == 7 ? mountPointByPath.get(f[6]) : null;
        if (mountPoint != null) {
          result.put(mountPoint, new StatFs(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
              Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
        }
      }
    } catch (IOException | NumberFormatException e) {
      result.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      p.destroyForcibly();
    }
    return result;
  }

  private static StatFs statWithFileStore(NodeContext ctx, String mountPoint) {
    try {
      FileStore fs = Files.getFileStore(ctx.root(mountPoint));
      return new StatFs(fs.getTotalSpace(), fs.getUnallocatedSpace(), fs.getUsableSpace(), 1, -1, -1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
