package io.bongsu.metrics.scrape;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.Durations;
import io.bongsu.metrics.scrape.config.ScrapeConfig;
import io.bongsu.metrics.scrape.relabel.Relabeler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A target after relabeling: its full label set (internal {@code __} labels included), the
 * labels it gives its series, and where and how often to scrape it.
 */
final class Target {
  static final String ADDRESS = "__address__";
  static final String SCHEME = "__scheme__";
  static final String METRICS_PATH = "__metrics_path__";
  static final String SCRAPE_INTERVAL = "__scrape_interval__";
  static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
  static final String PARAM_PREFIX = "__param_";
  static final String META_PREFIX = "__meta_";

  final Labels discoveredLabels;
  final Labels allLabels;
  final Labels labels;
  final URI url;
  final Duration interval;
  final Duration timeout;

  private Target(Labels discovered, Labels all, URI url, Duration interval, Duration timeout) {
    this.discoveredLabels = discovered;
    this.allLabels = all;
    this.url = url;
    this.interval = interval;
    this.timeout = timeout;
    Labels.Builder b = new Labels.Builder();
    all.forEach((n, v) -> {
      if (!n.startsWith("__")) {
        b.set(n, v);
      }
    });
    this.labels = b.build();
  }

  /** Identity across reloads and discovery updates: same labels, same URL. */
  String key() {
    return allLabels + " " + url;
  }

  /** The outcome of building one discovered target: active, dropped by relabeling, or invalid. */
  record Result(Target target, Labels dropped, String error) {}

  /** Prometheus's PopulateLabels: defaults, relabeling, port and instance defaults, checks. */
  static Result build(Labels groupLabels, Labels targetLabels, ScrapeConfig cfg) {
    Labels.Builder b = groupLabels.toBuilder();
    targetLabels.forEach(b::set);
    setIfAbsent(b, "job", cfg.jobName());
    setIfAbsent(b, SCRAPE_INTERVAL, Durations.format(cfg.scrapeInterval()));
    setIfAbsent(b, SCRAPE_TIMEOUT, Durations.format(cfg.scrapeTimeout()));
    setIfAbsent(b, METRICS_PATH, cfg.metricsPath());
    setIfAbsent(b, SCHEME, cfg.scheme());
    for (Map.Entry<String, List<String>> p : cfg.params().entrySet()) {
      if (!p.getValue().isEmpty()) {
        setIfAbsent(b, PARAM_PREFIX + p.getKey(), p.getValue().get(0));
      }
    }
    Labels discovered = b.build();
    Labels relabeled = Relabeler.process(discovered, cfg.relabelConfigs());
    if (relabeled == null) {
      return new Result(null, discovered, null);
    }
    String addr = relabeled.get(ADDRESS);
    if (addr == null) {
      return new Result(null, null, "no address");
    }
    Labels.Builder out = relabeled.toBuilder();
    String scheme = relabeled.getOrEmpty(SCHEME);
    if (needsPort(addr)) {
      switch (scheme) {
        case "http", "" -> addr = addr + ":80";
        case "https" -> addr = addr + ":443";
        default -> {
          return new Result(null, null, "invalid scheme: \"" + scheme + "\"");
        }
      }
      out.set(ADDRESS, addr);
    }
    if (addr.contains("/")) {
      return new Result(null, null, "\"" + addr + "\" is not a valid hostname");
    }
    Duration interval;
    Duration timeout;
    try {
      interval = Durations.parse(relabeled.getOrEmpty(SCRAPE_INTERVAL));
    } catch (IllegalArgumentException e) {
      return new Result(null, null, "error parsing scrape interval: " + e.getMessage());
    }
    try {
      timeout = Durations.parse(relabeled.getOrEmpty(SCRAPE_TIMEOUT));
    } catch (IllegalArgumentException e) {
      return new Result(null, null, "error parsing scrape timeout: " + e.getMessage());
    }
    if (interval.isZero()) {
      return new Result(null, null, "scrape interval cannot be 0");
    }
    if (timeout.isZero()) {
      return new Result(null, null, "scrape timeout cannot be 0");
    }
    if (timeout.compareTo(interval) > 0) {
      return new Result(null, null, "scrape timeout cannot be greater than scrape interval (\""
          + relabeled.get(SCRAPE_TIMEOUT) + "\" > \"" + relabeled.get(SCRAPE_INTERVAL) + "\")");
    }
    relabeled.forEach((n, v) -> {
      if (n.startsWith(META_PREFIX)) {
        out.remove(n);
      }
    });
    if (relabeled.get("instance") == null) {
      out.set("instance", addr);
    }
    Labels all = out.build();
    URI url;
    try {
      url = url(all, cfg.params());
    } catch (IllegalArgumentException e) {
      return new Result(null, null, "invalid target URL: " + e.getMessage());
    }
    return new Result(new Target(discovered, all, url, interval, timeout), null, null);
  }

  private static void setIfAbsent(Labels.Builder b, String name, String value) {
    String v = b.get(name);
    if (v == null || v.isEmpty()) {
      b.set(name, value);
    }
  }

  /** Go's net.SplitHostPort fails on a missing port but succeeds once one is appended. */
  static boolean needsPort(String addr) {
    return !splitsHostPort(addr) && splitsHostPort(addr + ":1234");
  }

  private static boolean splitsHostPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      return close >= 0 && close + 1 == colon && s.indexOf('[', 1) < 0 && s.indexOf(']', close + 1) < 0;
    }
    return s.indexOf(':') == colon && s.indexOf('[') < 0 && s.indexOf(']') < 0;
  }

  private static URI url(Labels all, Map<String, List<String>> cfgParams) {
    TreeMap<String, List<String>> params = new TreeMap<>();
    cfgParams.forEach((k, v) -> params.put(k, new java.util.ArrayList<>(v)));
    all.forEach((n, v) -> {
      if (n.startsWith(PARAM_PREFIX)) {
        List<String> vs = params.computeIfAbsent(n.substring(PARAM_PREFIX.length()), k -> new java.util.ArrayList<>());
        if (vs.isEmpty()) {
          vs.add(v);
        } else {
          vs.set(0, v);
        }
      }
    });
    StringBuilder query = new StringBuilder();
    params.forEach((k, vs) -> {
      for (String v : vs) {
        if (query.length() > 0) {
          query.append('&');
        }
        query.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    String path = all.getOrEmpty(METRICS_PATH);
    StringBuilder sb = new StringBuilder()
        .append(all.getOrEmpty(SCHEME)).append("://").append(all.getOrEmpty(ADDRESS));
    if (!path.isEmpty() && !path.startsWith("/")) {
      sb.append('/');
    }
    sb.append(path);
    if (query.length() > 0) {
      sb.append('?').append(query);
    }
    return URI.create(sb.toString());
  }
}
