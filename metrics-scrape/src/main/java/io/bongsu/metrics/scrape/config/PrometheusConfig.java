package io.bongsu.metrics.scrape.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A {@code prometheus.yml}. Keeps the original text for {@code /api/v1/status/config}. Sections
 * other subsystems own ({@code remote_write}, {@code alerting}, ...) are accepted and not read here.
 *
 * @param directory the config file's directory, against which relative file names resolve
 */
public record PrometheusConfig(
    GlobalConfig global,
    List<String> ruleFiles,
    List<ScrapeConfig> scrapeConfigs,
    String originalYaml,
    Path directory) {

  private static final Set<String> TOLERATED =
      Set.of("remote_write", "remote_read", "alerting", "storage", "tracing");

  /**
   * The rule file patterns resolved against the config directory, as Prometheus resolves them;
   * globs stay in the file name part for the rule loader to expand.
   */
  public List<Path> ruleFilePaths() {
    List<Path> out = new ArrayList<>();
    for (String r : ruleFiles) {
      out.add(HttpClientSettings.resolve(directory, r));
    }
    return out;
  }

  /** Reads and validates a file; throws {@link ConfigException} naming the file and field. */
  public static PrometheusConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    try {
      return parse(text, dir);
    } catch (ConfigException e) {
      throw new ConfigException("parsing " + file + ": " + e.getMessage(), e);
    }
  }

  public static PrometheusConfig parse(String yaml, Path directory) {
    Object root;
    try {
      LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).build();
      root = new Load(settings).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new ConfigException("invalid YAML: " + e.getMessage(), e);
    }
    YamlMap m = new YamlMap(root, "");
    GlobalConfig global = GlobalConfig.parse(m.raw("global"));
    List<String> rules = m.strings("rule_files");
    List<ScrapeConfig> scrapes = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    List<Object> raw = m.list("scrape_configs");
    for (int i = 0; i < raw.size(); i++) {
      if (raw.get(i) == null) {
        throw new ConfigException("scrape_configs[" + i + "]: empty or null scrape config section");
      }
      ScrapeConfig sc = ScrapeConfig.parse(raw.get(i), "scrape_configs[" + i + "]", global, directory);
      if (!jobs.add(sc.jobName())) {
        throw new ConfigException("scrape_configs[" + i + "]: found multiple scrape configs with job name \"" + sc.jobName() + "\"");
      }
      scrapes.add(sc);
    }
    TOLERATED.forEach(m::raw);
    m.finish("config.Config");
    return new PrometheusConfig(global, List.copyOf(rules), List.copyOf(scrapes), yaml, directory);
  }
}
