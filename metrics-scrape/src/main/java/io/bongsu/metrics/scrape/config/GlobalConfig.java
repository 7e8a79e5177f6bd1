package io.bongsu.metrics.scrape.config;

import io.bongsu.common.labels.Labels;
import java.time.Duration;

/** The {@code global} section. */
public record GlobalConfig(
    Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval, Labels externalLabels) {
  public static final GlobalConfig DEFAULT =
      new GlobalConfig(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Labels.EMPTY);

  static GlobalConfig parse(Object node) {
    YamlMap m = new YamlMap(node, "global");
    Duration interval = m.duration("scrape_interval", DEFAULT.scrapeInterval);
    Duration timeout = m.duration("scrape_timeout", null);
    if (timeout == null) {
      timeout = DEFAULT.scrapeTimeout.compareTo(interval) > 0 ? interval : DEFAULT.scrapeTimeout;
    }
    if (interval.isZero()) {
      throw new ConfigException("global.scrape_interval: must be greater than zero");
    }
    if (timeout.compareTo(interval) > 0) {
      throw new ConfigException("global.scrape_timeout: global scrape timeout greater than scrape interval");
    }
    Duration eval = m.duration("evaluation_interval", DEFAULT.evaluationInterval);
    Labels external = m.labels("external_labels");
    m.raw("query_log_file");
    m.finish("config.GlobalConfig");
    return new GlobalConfig(interval, timeout, eval, external);
  }
}
