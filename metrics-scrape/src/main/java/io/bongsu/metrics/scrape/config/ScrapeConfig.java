package io.bongsu.metrics.scrape.config;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.discovery.TargetGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of {@code scrape_configs}: a scrape pool. Records compare by value for reloads. */
public record ScrapeConfig(
    String jobName,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    HttpClientSettings http,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long targetLimit,
    long bodySizeLimit,
    List<TargetGroup> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs) {

  static ScrapeConfig parse(Object node, String path, GlobalConfig global, Path dir) {
    YamlMap m = new YamlMap(node, path);
    String job = m.string("job_name", "");
    if (job.isEmpty()) {
      throw new ConfigException(m.field("job_name") + ": job_name is empty");
    }
    path = "scrape_configs[" + job + "]";
    m = new YamlMap(node, path);
    m.raw("job_name");
    Duration interval = m.duration("scrape_interval", global.scrapeInterval());
    Duration timeout = m.duration("scrape_timeout", null);
    if (interval.isZero()) {
      throw new ConfigException(m.field("scrape_interval") + ": must be greater than zero");
    }
    if (timeout == null) {
      timeout = global.scrapeTimeout().compareTo(interval) > 0 ? interval : global.scrapeTimeout();
    } else if (timeout.compareTo(interval) > 0) {
      throw new ConfigException(m.field("scrape_timeout")
          + ": scrape timeout greater than scrape interval for scrape config with job name \"" + job + "\"");
    }
    String metricsPath = m.string("metrics_path", "/metrics");
    String scheme = m.string("scheme", "http");
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException(m.field("scheme") + ": unknown scheme \"" + scheme + "\", expected http or https");
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    YamlMap p = m.map("params");
    Object rawParams = m.raw("params");
    if (rawParams instanceof Map<?, ?> pm) {
      for (Object k : pm.keySet()) {
        params.put((String) k, List.copyOf(p.strings((String) k)));
      }
    }
    boolean honorLabels = m.bool("honor_labels", false);
    boolean honorTimestamps = m.bool("honor_timestamps", true);
    HttpClientSettings http = HttpClientSettings.parse(m, dir);
    long sampleLimit = m.nonNegative("sample_limit", 0);
    long labelLimit = m.nonNegative("label_limit", 0);
    long nameLimit = m.nonNegative("label_name_length_limit", 0);
    long valueLimit = m.nonNegative("label_value_length_limit", 0);
    long targetLimit = m.nonNegative("target_limit", 0);
    long bodyLimit = 0;
    String body = m.string("body_size_limit", null);
    if (body != null) {
      try {
        bodyLimit = ByteSizes.parse(body);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(m.field("body_size_limit") + ": " + e.getMessage());
      }
    }
    List<TargetGroup> statics = new ArrayList<>();
    List<Object> rawStatics = m.list("static_configs");
    for (int i = 0; i < rawStatics.size(); i++) {
      statics.add(parseStatic(rawStatics.get(i), m.field("static_configs") + "[" + i + "]", String.valueOf(i)));
    }
    List<FileSdConfig> files = new ArrayList<>();
    List<Object> rawFiles = m.list("file_sd_configs");
    for (int i = 0; i < rawFiles.size(); i++) {
      files.add(FileSdConfig.parse(rawFiles.get(i), m.field("file_sd_configs") + "[" + i + "]", dir));
    }
    List<RelabelConfig> relabel = relabelList(m, "relabel_configs");
    List<RelabelConfig> metricRelabel = relabelList(m, "metric_relabel_configs");
    for (Object k : ((Map<?, ?>) node).keySet()) {
      String key = (String) k;
      if (key.endsWith("_sd_configs") && !key.equals("file_sd_configs")) {
        throw new ConfigException(m.field(key) + ": this service discovery is not supported yet "
            + "(static_configs and file_sd_configs are)");
      }
    }
    m.finish("config.ScrapeConfig");
    return new ScrapeConfig(job, interval, timeout, metricsPath, scheme, Map.copyOf(params),
        honorLabels, honorTimestamps, http, sampleLimit, labelLimit, nameLimit, valueLimit,
        targetLimit, bodyLimit, List.copyOf(statics), List.copyOf(files), relabel, metricRelabel);
  }

  private static List<RelabelConfig> relabelList(YamlMap m, String key) {
    List<RelabelConfig> out = new ArrayList<>();
    List<Object> raw = m.list(key);
    for (int i = 0; i < raw.size(); i++) {
      out.add(RelabelConfig.parse(raw.get(i), m.field(key) + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  /**
   * Reads one target group ({@code targets} and {@code labels}), as used by static configs and
   * file SD files.
   */
  public static TargetGroup parseStatic(Object node, String path, String source) {
    YamlMap m = new YamlMap(node, path);
    List<String> addresses = m.strings("targets");
    Labels labels = m.labels("labels");
    m.finish("targetgroup.Group");
    List<Labels> targets = new ArrayList<>();
    for (String a : addresses) {
      targets.add(Labels.of("__address__", a));
    }
    return new TargetGroup(source, targets, labels);
  }
}
