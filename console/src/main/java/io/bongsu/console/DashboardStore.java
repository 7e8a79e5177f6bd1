package io.bongsu.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Dashboards as JSON documents in Grafana's dashboard schema: the built-in ones shipped on the
 * classpath (read-only), those provisioned from files ({@link DashboardProvisioner}; read-only
 * unless their provider sets {@code allowUiUpdates}) and the user's, one {@code <uid>.json} file
 * each in a directory under Bongsu's data directory.
 *
 * <p>A provisioned dashboard saved from the console (allowed by {@code allowUiUpdates}) is stored
 * with the user's and shown until its file changes again, as Grafana does.
 */
public final class DashboardStore {
  static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUILT_IN_ROOT = "io/bongsu/console/dashboards/";
  private static final List<String> BUILT_IN = List.of("host-overview", "bongsu-self-monitoring");

  private final Path dir;
  private final DashboardProvisioner provisioned;
  private final Map<String, ObjectNode> builtIn = new LinkedHashMap<>();

  /** @param dir where saved dashboards live; created on the first save */
  public DashboardStore(Path dir) {
    this(dir, null);
  }

  /**
   * @param dir where saved dashboards live; created on the first save
   * @param provisioned dashboards provisioned from files, or null for none
   */
  public DashboardStore(Path dir, DashboardProvisioner provisioned) {
    this.dir = dir;
    this.provisioned = provisioned;
    for (String uid : BUILT_IN) {
      try (InputStream in = DashboardStore.class.getClassLoader()
          .getResourceAsStream(BUILT_IN_ROOT + uid + ".json")) {
        if (in == null) {
          throw new IllegalStateException("built-in dashboard missing: " + uid);
        }
        builtIn.put(uid, (ObjectNode) JSON.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A dashboard's summary for the list. {@code folder} is the provisioning folder ("" for none);
   * {@code canSave} and {@code canDelete} say whether PUT and DELETE are allowed.
   */
  public record Summary(String uid, String title, List<String> tags, boolean builtIn,
      boolean provisioned, String folder, boolean canSave, boolean canDelete) {}

  /** Where a dashboard comes from and what the console may do with it. */
  private record Entry(String uid, ObjectNode doc, String source, String folder, boolean canSave,
      boolean canDelete, DashboardProvisioner.Provisioned from) {

    Summary summary() {
      List<String> tags = new ArrayList<>();
      doc.path("tags").forEach(t -> tags.add(t.asText()));
      return new Summary(uid, doc.path("title").asText(uid), tags, "builtin".equals(source),
          from != null, folder, canSave, canDelete);
    }
  }

  public List<Summary> list() throws IOException {
    List<Summary> out = new ArrayList<>();
    builtIn.forEach((uid, d) -> out.add(builtInEntry(uid, d).summary()));
    Map<String, Entry> rest = new LinkedHashMap<>();
    if (provisioned != null) {
      for (DashboardProvisioner.Provisioned p : provisioned.dashboards()) {
        if (!builtIn.containsKey(p.uid())) {
          rest.put(p.uid(), resolve(p.uid(), p));
        }
      }
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files.sorted()::iterator) {
          String name = f.getFileName().toString();
          String uid = name.endsWith(".json") ? name.substring(0, name.length() - 5) : "";
          if (UID.matcher(uid).matches() && !builtIn.containsKey(uid) && !rest.containsKey(uid)) {
            read(uid).ifPresent(d -> rest.put(uid, new Entry(uid, d, "saved", "", true, true, null)));
          }
        }
      }
    }
    rest.values().forEach(e -> out.add(e.summary()));
    return out;
  }

  private static Entry builtInEntry(String uid, ObjectNode d) {
    return new Entry(uid, d, "builtin", "", false, false, null);
  }

  /** A provisioned dashboard, or the console's saved edit of it when that is newer than its file. */
  private Entry resolve(String uid, DashboardProvisioner.Provisioned p) throws IOException {
    boolean canSave = p.provider().allowUiUpdates();
    ObjectNode doc = p.dashboard();
    if (canSave) {
      Path f = dir.resolve(uid + ".json");
      if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toMillis() > p.modified()) {
        doc = read(uid).orElse(doc);
      }
    }
    return new Entry(uid, doc, "provisioned", p.folder(), canSave, false, p);
  }

  private Optional<Entry> entry(String uid) throws IOException {
    if (!UID.matcher(uid).matches()) {
      return Optional.empty();
    }
    ObjectNode b = builtIn.get(uid);
    if (b != null) {
      return Optional.of(builtInEntry(uid, b));
    }
    Optional<DashboardProvisioner.Provisioned> p =
        provisioned == null ? Optional.empty() : provisioned.get(uid);
    if (p.isPresent()) {
      return Optional.of(resolve(uid, p.get()));
    }
    return read(uid).map(d -> new Entry(uid, d, "saved", "", true, true, null));
  }

  /**
   * The dashboard document with a {@code meta} object added: {@code source} (builtin,
   * provisioned or saved), {@code provisioned}, {@code canSave}, {@code canDelete},
   * {@code folder}, and for provisioned ones {@code provider} and {@code file}. {@link #save}
   * drops {@code meta} again, so a document read and written back round-trips.
   */
  public Optional<ObjectNode> get(String uid) throws IOException {
    return entry(uid).map(e -> {
      ObjectNode d = e.doc().deepCopy();
      ObjectNode meta = d.putObject("meta");
      meta.put("source", e.source());
      meta.put("provisioned", e.from() != null);
      meta.put("canSave", e.canSave());
      meta.put("canDelete", e.canDelete());
      meta.put("folder", e.folder());
      if (e.from() != null) {
        meta.put("provider", e.from().provider().name());
        meta.put("file", e.from().file().toString());
      }
      return d;
    });
  }

  private Optional<ObjectNode> read(String uid) throws IOException {
    Path f = dir.resolve(uid + ".json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return JSON.readTree(f.toFile()) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    } catch (JsonProcessingException e) {
      // A hand-edited file that no longer parses is skipped, not fatal for the whole list.
      return Optional.empty();
    }
  }

  /**
   * Validates and stores a dashboard under {@code uid}, replacing any previous version.
   *
   * @throws IllegalArgumentException with a message for the client when the document is unusable
   */
  public void save(String uid, byte[] body) throws IOException {
    if (!UID.matcher(uid).matches()) {
      throw new IllegalArgumentException("uid must be 1-64 letters, digits, '-' or '_'");
    }
    readOnly(uid, "saved");
    JsonNode doc;
    try {
      doc = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("dashboard is not valid JSON: " + e.getOriginalMessage());
    }
    if (!(doc instanceof ObjectNode o)) {
      throw new IllegalArgumentException("dashboard must be a JSON object");
    }
    if (!o.path("title").isTextual() || o.path("title").asText().isBlank()) {
      throw new IllegalArgumentException("dashboard needs a non-empty \"title\"");
    }
    if (o.has("panels") && !o.get("panels").isArray()) {
      throw new IllegalArgumentException("\"panels\" must be an array");
    }
    o.remove("meta");
    o.put("uid", uid);
    Files.createDirectories(dir);
    Path tmp = dir.resolve(uid + ".json.tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    try {
      Files.move(tmp, dir.resolve(uid + ".json"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(uid + ".json"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** @return false when there was no such saved dashboard */
  public boolean delete(String uid) throws IOException {
    Optional<DashboardProvisioner.Provisioned> p =
        provisioned == null ? Optional.empty() : provisioned.get(uid);
    if (p.isPresent()) {
      throw new ReadOnlyException("dashboard " + uid + " is provisioned from " + p.get().file()
          + " and cannot be deleted; remove the file instead");
    }
    readOnly(uid, "deleted");
    return UID.matcher(uid).matches() && Files.deleteIfExists(dir.resolve(uid + ".json"));
  }

  private void readOnly(String uid, String action) {
    if (builtIn.containsKey(uid)) {
      throw new ReadOnlyException("dashboard " + uid + " is built in and cannot be " + action
          + "; save a copy under another uid");
    }
    if (provisioned != null) {
      provisioned.get(uid).filter(p -> !p.provider().allowUiUpdates()).ifPresent(p -> {
        throw new ReadOnlyException("dashboard " + uid + " is provisioned from " + p.file()
            + " by provider " + p.provider().name() + " (allowUiUpdates is false) and cannot be "
            + action + "; change the file or save a copy under another uid");
      });
    }
  }

  /** A change refused because the dashboard is built in or provisioned. */
  public static final class ReadOnlyException extends RuntimeException {
    ReadOnlyException(String message) {
      super(message);
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
