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
 * classpath (read-only) and the user's, one {@code <uid>.json} file each in a directory under
 * Bongsu's data directory.
 */
public final class DashboardStore {
  static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUILT_IN_ROOT = "io/bongsu/console/dashboards/";
  private static final List<String> BUILT_IN = List.of("host-overview");

  private final Path dir;
  private final Map<String, ObjectNode> builtIn = new LinkedHashMap<>();

  /** @param dir where saved dashboards live; created on the first save */
  public DashboardStore(Path dir) {
    this.dir = dir;
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

  /** A dashboard's summary for the list. */
  public record Summary(String uid, String title, List<String> tags, boolean builtIn) {}

  public List<Summary> list() throws IOException {
    List<Summary> out = new ArrayList<>();
    builtIn.forEach((uid, d) -> out.add(summary(uid, d, true)));
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files.sorted()::iterator) {
          String name = f.getFileName().toString();
          String uid = name.endsWith(".json") ? name.substring(0, name.length() - 5) : "";
          if (UID.matcher(uid).matches() && !builtIn.containsKey(uid)) {
            read(uid).ifPresent(d -> out.add(summary(uid, d, false)));
          }
        }
      }
    }
    return out;
  }

  private static Summary summary(String uid, JsonNode d, boolean builtIn) {
    List<String> tags = new ArrayList<>();
    d.path("tags").forEach(t -> tags.add(t.asText()));
    return new Summary(uid, d.path("title").asText(uid), tags, builtIn);
  }

  public Optional<ObjectNode> get(String uid) throws IOException {
    if (!UID.matcher(uid).matches()) {
      return Optional.empty();
    }
    ObjectNode b = builtIn.get(uid);
    return b != null ? Optional.of(b.deepCopy()) : read(uid);
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
    if (builtIn.containsKey(uid)) {
      throw new IllegalArgumentException("dashboard " + uid + " is built in; save a copy under another uid");
    }
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
    if (builtIn.containsKey(uid)) {
      throw new IllegalArgumentException("dashboard " + uid + " is built in and cannot be deleted");
    }
    return UID.matcher(uid).matches() && Files.deleteIfExists(dir.resolve(uid + ".json"));
  }

  static ObjectMapper json() {
    return JSON;
  }
}
