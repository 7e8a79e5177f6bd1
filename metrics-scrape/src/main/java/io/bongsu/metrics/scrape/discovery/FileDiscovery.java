package io.bongsu.metrics.scrape.discovery;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.ConfigException;
import io.bongsu.metrics.scrape.config.FileSdConfig;
import io.bongsu.metrics.scrape.config.ScrapeConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * File-based service discovery: target groups from JSON or YAML files matched by globs. Files are
 * re-read when their modification time or the set of matching files changes, and at least once
 * per refresh interval. A file that fails to parse keeps its previous groups.
 */
public final class FileDiscovery {
  private static final Logger LOG = Logger.getLogger(FileDiscovery.class.getName());
  public static final String META_FILEPATH = "__meta_filepath";

  private final FileSdConfig config;
  private final Map<Path, FileTime> mtimes = new HashMap<>();
  private final Map<Path, List<TargetGroup>> groups = new TreeMap<>();
  private long lastFullRead = Long.MIN_VALUE;

  public FileDiscovery(FileSdConfig config) {
    this.config = config;
  }

  /**
   * Looks at the files; returns true when the groups changed since the last call, reading only
   * files whose mtime moved unless the refresh interval has passed.
   */
  public synchronized boolean refresh(long nowMillis) {
    boolean full = nowMillis - lastFullRead >= config.refreshInterval().toMillis()
        || lastFullRead == Long.MIN_VALUE;
    if (full) {
      lastFullRead = nowMillis;
    }
    Map<Path, FileTime> seen = new HashMap<>();
    for (Path pattern : config.files()) {
      for (Path file : expand(pattern)) {
        try {
          seen.put(file, Files.getLastModifiedTime(file));
        } catch (IOException e) {
          LOG.log(Level.FINE, "file_sd: cannot stat " + file, e);
        }
      }
    }
    boolean changed = false;
    for (Path gone : new ArrayList<>(groups.keySet())) {
      if (!seen.containsKey(gone)) {
        groups.remove(gone);
        changed = true;
      }
    }
    mtimes.keySet().retainAll(seen.keySet());
    for (Map.Entry<Path, FileTime> e : seen.entrySet()) {
      if (!full && e.getValue().equals(mtimes.get(e.getKey()))) {
        continue;
      }
      mtimes.put(e.getKey(), e.getValue());
      try {
        List<TargetGroup> read = read(e.getKey());
        if (!read.equals(groups.get(e.getKey()))) {
          groups.put(e.getKey(), read);
          changed = true;
        }
      } catch (IOException | ConfigException | YamlEngineException ex) {
        LOG.warning("file_sd: keeping previous targets of " + e.getKey() + ": " + ex.getMessage());
      }
    }
    return changed;
  }

  /** The current groups of every matched file. */
  public synchronized List<TargetGroup> groups() {
    List<TargetGroup> out = new ArrayList<>();
    groups.values().forEach(out::addAll);
    return out;
  }

  private static List<Path> expand(Path pattern) {
    Path dir = pattern.toAbsolutePath().getParent();
    String glob = pattern.getFileName().toString();
    List<Path> out = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "file_sd: cannot list " + dir, e);
    }
    return out;
  }

  /** Parses one target file: a list of {@code {targets: [...], labels: {...}}}. */
  public static List<TargetGroup> read(Path file) throws IOException {
    String text = Files.readString(file);
    Object root = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build())
        .loadFromString(text);
    List<TargetGroup> out = new ArrayList<>();
    if (root == null) {
      return out;
    }
    if (!(root instanceof List<?> list)) {
      throw new ConfigException(file + ": expected a list of target groups");
    }
    for (int i = 0; i < list.size(); i++) {
      TargetGroup g = ScrapeConfig.parseStatic(list.get(i), file + "[" + i + "]", file + ":" + i);
      Labels labels = g.labels().toBuilder().set(META_FILEPATH, file.toString()).build();
      out.add(new TargetGroup(g.source(), g.targets(), labels));
    }
    return out;
  }
}
