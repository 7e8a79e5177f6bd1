package io.bongsu.metrics.tsdb.block;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block's {@code meta.json}: its id, time range [minTime, maxTime) in milliseconds, counts,
 * compaction level and the ids of the blocks it replaced (so a crash between writing a compacted
 * block and deleting its parents is repaired on open).
 */
public record BlockMeta(String id, long minTime, long maxTime, long numSeries, long numChunks,
    long numSamples, int level, List<String> parents) {

  public String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"ulid\": \"").append(id).append("\",\n")
        .append("  \"minTime\": ").append(minTime).append(",\n")
        .append("  \"maxTime\": ").append(maxTime).append(",\n")
        .append("  \"stats\": {\"numSeries\": ").append(numSeries)
        .append(", \"numChunks\": ").append(numChunks)
        .append(", \"numSamples\": ").append(numSamples).append("},\n")
        .append("  \"compaction\": {\"level\": ").append(level).append(", \"parents\": [");
    for (int i = 0; i < parents.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(parents.get(i)).append('"');
    }
    return sb.append("]},\n  \"version\": 1\n}\n").toString();
  }

  /** Parses what {@link #toJson()} writes; any other shape is an error. */
  public static BlockMeta parse(String json) {
    List<String> parents = new ArrayList<>();
    Matcher pm = Pattern.compile("\"parents\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
    if (pm.find()) {
      Matcher s = Pattern.compile("\"([0-9A-Z]+)\"").matcher(pm.group(1));
      while (s.find()) {
        parents.add(s.group(1));
      }
    }
    return new BlockMeta(str(json, "ulid"), num(json, "minTime"), num(json, "maxTime"),
        num(json, "numSeries"), num(json, "numChunks"), num(json, "numSamples"),
        (int) num(json, "level"), List.copyOf(parents));
  }

  private static String str(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("meta.json lacks " + key);
    }
    return m.group(1);
  }

  private static long num(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(-?\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("meta.json lacks " + key);
    }
    return Long.parseLong(m.group(1));
  }
}
