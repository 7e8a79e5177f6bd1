package io.bongsu.metrics.scrape.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code file_sd_configs}: JSON or YAML target files, globs allowed in the file name. */
public record FileSdConfig(List<Path> files, Duration refreshInterval) {
  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

  static FileSdConfig parse(Object node, String path, Path dir) {
    YamlMap m = new YamlMap(node, path);
    List<String> names = m.strings("files");
    if (names.isEmpty()) {
      throw new ConfigException(m.field("files") + ": file service discovery config must contain at least one path name");
    }
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      String base = Path.of(n).getFileName() == null ? "" : Path.of(n).getFileName().toString();
      if (!(base.endsWith(".json") || base.endsWith(".yml") || base.endsWith(".yaml"))) {
        throw new ConfigException(m.field("files") + "[" + i + "]: path name \"" + n
            + "\" is not valid for file discovery (must end in .json, .yml or .yaml)");
      }
      if (Path.of(n).getParent() != null && Path.of(n).getParent().toString().matches(".*[*?\\[].*")) {
        throw new ConfigException(m.field("files") + "[" + i + "]: globs are only allowed in the file name: \"" + n + "\"");
      }
      files.add(HttpClientSettings.resolve(dir, n));
    }
    Duration refresh = m.duration("refresh_interval", DEFAULT_REFRESH);
    m.finish("file.SDConfig");
    return new FileSdConfig(List.copyOf(files), refresh);
  }
}
