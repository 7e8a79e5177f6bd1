package io.bongsu.agent.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** os-release(5) as node_os_info and the major.minor of VERSION_ID as node_os_version. */
public final class OsCollector implements NodeCollector {
  private static final Pattern VERSION = Pattern.compile("^[0-9]+(\\.[0-9]+)?");

  @Override
  public String name() {
    return "os";
  }

  @Override
  public void collect(NodeContext ctx, MetricSet out) throws Exception {
    Path file = ctx.root("etc/os-release");
    if (!Files.isReadable(file)) {
      file = ctx.root("usr/lib/os-release");
    }
    Map<String, String> kv = parse(NodeContext.read(file));
    out.gauge("node_os_info",
        "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.",
        1,
        "build_id", kv.getOrDefault("BUILD_ID", ""),
        "id", kv.getOrDefault("ID", ""),
        "id_like", kv.getOrDefault("ID_LIKE", ""),
        "image_id", kv.getOrDefault("IMAGE_ID", ""),
        "image_version", kv.getOrDefault("IMAGE_VERSION", ""),
        "name", kv.getOrDefault("NAME", ""),
        "pretty_name", kv.getOrDefault("PRETTY_NAME", ""),
        "variant", kv.getOrDefault("VARIANT", ""),
        "variant_id", kv.getOrDefault("VARIANT_ID", ""),
        "version", kv.getOrDefault("VERSION", ""),
        "version_codename", kv.getOrDefault("VERSION_CODENAME", ""),
        "version_id", kv.getOrDefault("VERSION_ID", ""));
    Matcher m = VERSION.matcher(kv.getOrDefault("VERSION_ID", ""));
    if (m.find()) {
      out.gauge("node_os_version", "Metric containing the major.minor part of the OS version.", Double.parseDouble(m.group()),
          "id", kv.getOrDefault("ID", ""), "id_like", kv.getOrDefault("ID_LIKE", ""), "name", kv.getOrDefault("NAME", ""));
    }
  }

  /** Shell-style assignments; values may be double- or single-quoted with backslash escapes. */
  static Map<String, String> parse(String text) {
    Map<String, String> kv = new HashMap<>();
    for (String line : text.split("\n")) {
      String t = line.trim();
      int eq = t.indexOf('=');
      if (t.startsWith("#") || eq <= 0) {
        continue;
      }
      String v = t.substring(eq + 1);
      if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
        v = v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
      }
      kv.put(t.substring(0, eq), v);
    }
    return kv;
  }
}
