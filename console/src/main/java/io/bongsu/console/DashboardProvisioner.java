package io.bongsu.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Dashboards provisioned from files, as Grafana's file provisioning does it: every
 * {@code *.yaml}/{@code *.yml} under {@code <provisioning dir>/dashboards} lists providers
 * ({@code apiVersion: 1}, {@code providers: [{name, folder, type: file, disableDeletion,
 * updateIntervalSeconds, allowUiUpdates, options: {path, foldersFromFilesStructure}}]}), and
 * every {@code *.json} under a provider's path is a dashboard. Each provider's path is re-scanned
 * every {@code updateIntervalSeconds}; a file that cannot be used is reported in
 * {@link #errors()} and logged, and the other dashboards stay available.
 */
public final class DashboardProvisioner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DashboardProvisioner.class.getName());
  private static final Pattern ENV = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))|\\$\\$");
  private static final int DEFAULT_INTERVAL_SECONDS = 10;

  /** A provider from a provisioning YAML file. */
  public record Provider(String name, String folder, Path path, boolean foldersFromFilesStructure,
      boolean disableDeletion, boolean allowUiUpdates, int updateIntervalSeconds, Path configFile) {}

  /** A dashboard read from a provider's path; {@code modified} is the file's mtime in ms. */
  public record Provisioned(String uid, ObjectNode dashboard, String folder, Provider provider,
      Path file, long modified) {}

  /** A file that could not be used, and why. */
  public record Problem(String file, String error) {}

  private final Path provisioningDir;
  private final boolean background;
  private List<Provider> providers = List.of();
  private List<Problem> configErrors = List.of();
  private final Map<Provider, Map<String, Provisioned>> byProvider = new LinkedHashMap<>();
  private final Map<Provider, List<Problem>> scanErrors = new HashMap<>();
  private final Map<Path, Cached> cache = new HashMap<>();
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private ScheduledExecutorService rescans;

  private record Cached(long modified, long size, Provisioned dashboard, String error) {}

  private DashboardProvisioner(Path provisioningDir, boolean background) {
    this.provisioningDir = provisioningDir;
    this.background = background;
    reload();
  }

  /**
   * Reads the providers under {@code provisioningDir/dashboards}, loads their dashboards and
   * schedules re-scans. A missing directory provisions nothing.
   */
  public static DashboardProvisioner start(Path provisioningDir) {
    return new DashboardProvisioner(provisioningDir, true);
  }

  /** As {@link #start} without the background re-scans; {@link #rescan()} scans on demand. */
  static DashboardProvisioner open(Path provisioningDir, boolean rescan) {
    return new DashboardProvisioner(provisioningDir, rescan);
  }

  /**
   * Reads the provider files again (the server does this on its config reload): dashboards of
   * providers that are gone disappear, new providers are scanned at once.
   */
  public synchronized void reload() {
    List<Provider> next = new ArrayList<>();
    List<Problem> errors = new ArrayList<>();
    Path dir = provisioningDir == null ? null : provisioningDir.resolve("dashboards");
    if (dir != null && Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files.filter(DashboardProvisioner::isYaml).sorted()::iterator) {
          try {
            next.addAll(readProviders(f));
          } catch (IOException | IllegalArgumentException | YamlEngineException e) {
            errors.add(new Problem(f.toString(), e.getMessage()));
          }
        }
      } catch (IOException e) {
        errors.add(new Problem(dir.toString(), "cannot list: " + e.getMessage()));
      }
    }
    errors.stream().filter(p -> !configErrors.contains(p))
        .forEach(p -> LOG.warning(() -> "dashboard provisioning: " + p.file() + ": " + p.error()));
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
    byProvider.keySet().retainAll(next);
    scanErrors.keySet().retainAll(next);
    providers = List.copyOf(next);
    configErrors = List.copyOf(errors);
    providers.forEach(this::scan);
    if (background && !providers.isEmpty()) {
      if (rescans == null) {
        rescans = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "console-provisioning");
          t.setDaemon(true);
          return t;
        });
      }
      for (Provider p : providers) {
        scheduled.add(rescans.scheduleWithFixedDelay(() -> scan(p), p.updateIntervalSeconds(),
            p.updateIntervalSeconds(), TimeUnit.SECONDS));
      }
    }
  }

  private static boolean isYaml(Path f) {
    String n = f.getFileName().toString();
    return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml"));
  }

  static List<Provider> readProviders(Path file) throws IOException {
    String text = expandEnv(Files.readString(file, StandardCharsets.UTF_8));
    Object root = new Load(LoadSettings.builder().build()).loadFromString(text);
    if (!(root instanceof Map<?, ?> doc)) {
      throw new IllegalArgumentException("expected a mapping with apiVersion and providers");
    }
    Object version = doc.get("apiVersion");
    if (version != null && !"1".equals(String.valueOf(version))) {
      throw new IllegalArgumentException("unsupported apiVersion " + version + " (only 1 is known)");
    }
    Object list = doc.get("providers");
    if (list == null) {
      return List.of();
    }
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException("providers must be a list");
    }
    List<Provider> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> p)) {
        throw new IllegalArgumentException("providers[" + i + "] must be a mapping");
      }
      String name = string(p, "name", "provider " + (i + 1));
      String type = string(p, "type", "file");
      if (!"file".equals(type)) {
        throw new IllegalArgumentException("provider " + name + ": type " + type + " is not supported (only file)");
      }
      Map<?, ?> options = p.get("options") instanceof Map<?, ?> m ? m : Map.of();
      String path = string(options, "path", null);
      if (path == null) {
        path = string(p, "folderPath", null);
      }
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("provider " + name + ": options.path is required");
      }
      int interval = (int) number(p, "updateIntervalSeconds", DEFAULT_INTERVAL_SECONDS);
      out.add(new Provider(name, string(p, "folder", ""), Path.of(path),
          bool(options, "foldersFromFilesStructure"), bool(p, "disableDeletion"), bool(p, "allowUiUpdates"),
          Math.max(1, interval), file));
    }
    return out;
  }

  /** {@code $VAR} and {@code ${VAR}} become the environment variable, as in Grafana; {@code $$} is a dollar. */
  static String expandEnv(String text) {
    Matcher m = ENV.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = name == null ? "$" : System.getenv().getOrDefault(name, "");
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    return m.appendTail(sb).toString();
  }

  private static String string(Map<?, ?> m, String key, String fallback) {
    Object v = m.get(key);
    return v == null ? fallback : String.valueOf(v);
  }

  private static boolean bool(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null || v instanceof Boolean) {
      return Boolean.TRUE.equals(v);
    }
    String s = String.valueOf(v);
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, not " + s);
    }
    return Boolean.parseBoolean(s);
  }

  private static long number(Map<?, ?> m, String key, long fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number of seconds, not " + v);
    }
  }

  /** Scans every provider's path now (the background scans do this on their own). */
  public void rescan() {
    List<Provider> current;
    synchronized (this) {
      current = providers;
    }
    current.forEach(this::scan);
  }

  private void scan(Provider provider) {
    Map<String, Provisioned> found = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    Path root = provider.path();
    if (!Files.isDirectory(root)) {
      problems.add(new Problem(root.toString(), "provider " + provider.name() + ": not a directory"));
    } else {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path f : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".json")
            && Files.isRegularFile(p)).sorted()::iterator) {
          seen.add(f);
          Cached c = load(provider, root, f);
          if (c.error() != null) {
            problems.add(new Problem(f.toString(), c.error()));
          } else {
            Provisioned d = c.dashboard();
            Provisioned before = found.putIfAbsent(d.uid(), d);
            if (before != null) {
              problems.add(new Problem(f.toString(), "uid " + d.uid() + " is already provisioned from "
                  + before.file() + "; this file is ignored"));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        problems.add(new Problem(root.toString(), "cannot scan: " + e.getMessage()));
      }
    }
    synchronized (cache) {
      cache.keySet().removeIf(f -> f.startsWith(root) && !seen.contains(f));
    }
    synchronized (this) {
      if (!providers.contains(provider)) {
        return;
      }
      Map<String, Provisioned> previous = byProvider.getOrDefault(provider, Map.of());
      if (provider.disableDeletion()) {
        // As in Grafana: with deletion disabled, a dashboard whose file went away stays.
        previous.forEach(found::putIfAbsent);
      }
      List<Problem> before = scanErrors.getOrDefault(provider, List.of());
      for (Problem p : problems) {
        if (!before.contains(p)) {
          LOG.log(Level.WARNING, () -> "dashboard provisioning: " + p.file() + ": " + p.error());
        }
      }
      byProvider.put(provider, found);
      scanErrors.put(provider, problems);
    }
  }

  /** Reads one dashboard file, reusing the last result while its mtime and size are unchanged. */
  private Cached load(Provider provider, Path root, Path file) {
    long modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file).toMillis();
      size = Files.size(file);
    } catch (IOException e) {
      return new Cached(0, 0, null, "cannot read: " + e.getMessage());
    }
    synchronized (cache) {
      Cached c = cache.get(file);
      if (c != null && c.modified() == modified && c.size() == size
          && (c.dashboard() == null || c.dashboard().provider().equals(provider))) {
        return c;
      }
    }
    Cached c;
    try {
      ObjectNode d = unwrap(DashboardStore.json().readTree(file.toFile()));
      String folder = provider.folder();
      if (provider.foldersFromFilesStructure()) {
        Path dir = root.relativize(file).getParent();
        if (dir != null) {
          folder = dir.toString().replace('\\', '/');
        }
      }
      String uid = d.path("uid").asText("");
      if (uid.isEmpty()) {
        uid = uidFor(provider, root.relativize(file));
        d.put("uid", uid);
      } else if (!DashboardStore.UID.matcher(uid).matches()) {
        throw new IllegalArgumentException("uid " + uid + " must be 1-64 letters, digits, '-' or '_'");
      }
      c = new Cached(modified, size, new Provisioned(uid, d, folder, provider, file, modified), null);
    } catch (JsonProcessingException e) {
      c = new Cached(modified, size, null, "not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr());
    } catch (IOException | IllegalArgumentException e) {
      c = new Cached(modified, size, null, e.getMessage());
    }
    synchronized (cache) {
      cache.put(file, c);
    }
    return c;
  }

  /**
   * The dashboard in a file: the object itself, or the {@code dashboard} inside Grafana's API
   * envelope. Export-only sections ({@code __inputs} for data sources, {@code __requires},
   * {@code __elements}) are dropped: Bongsu is the only data source, so {@code ${DS_...}}
   * references need no input.
   */
  static ObjectNode unwrap(JsonNode doc) {
    if (!(doc instanceof ObjectNode o)) {
      throw new IllegalArgumentException("a dashboard must be a JSON object");
    }
    if (!o.has("title") && o.get("dashboard") instanceof ObjectNode inner) {
      o = inner;
    }
    if (!o.path("title").isTextual() || o.path("title").asText().isBlank()) {
      throw new IllegalArgumentException("dashboard needs a non-empty \"title\"");
    }
    if (o.has("panels") && !o.get("panels").isArray()) {
      throw new IllegalArgumentException("\"panels\" must be an array");
    }
    o.remove(List.of("__inputs", "__requires", "__elements", "id"));
    return o;
  }

  /** A stable uid for a dashboard without one, from its provider and path. */
  private static String uidFor(Provider provider, Path relative) {
    String name = relative.toString().replace('\\', '/');
    name = name.substring(0, name.length() - ".json".length());
    String slug = name.toLowerCase().replaceAll("[^a-z0-9_-]+", "-");
    String hash = Integer.toHexString((provider.name() + "/" + name).hashCode());
    return (slug.length() > 55 ? slug.substring(0, 55) : slug) + "-" + hash;
  }

  /** The provisioned dashboards, providers in file order, each provider's files in path order. */
  public synchronized List<Provisioned> dashboards() {
    Map<String, Provisioned> out = new LinkedHashMap<>();
    byProvider.values().forEach(m -> m.values().forEach(d -> out.putIfAbsent(d.uid(), d)));
    return List.copyOf(out.values());
  }

  public synchronized Optional<Provisioned> get(String uid) {
    for (Map<String, Provisioned> m : byProvider.values()) {
      Provisioned d = m.get(uid);
      if (d != null) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  public synchronized List<Provider> providers() {
    return providers;
  }

  /**
   * Provider files that could not be read, then dashboard files that could not be used, including
   * those whose uid an earlier provider already provisions.
   */
  public synchronized List<Problem> errors() {
    List<Problem> out = new ArrayList<>(configErrors);
    Map<String, Provider> owner = new HashMap<>();
    for (Provider p : providers) {
      out.addAll(scanErrors.getOrDefault(p, List.of()));
      for (Provisioned d : byProvider.getOrDefault(p, Map.of()).values()) {
        Provider first = owner.putIfAbsent(d.uid(), p);
        if (first != null) {
          out.add(new Problem(d.file().toString(), "uid " + d.uid() + " is already provisioned by provider "
              + first.name() + "; this file is ignored"));
        }
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (rescans != null) {
      rescans.shutdownNow();
    }
  }
}
