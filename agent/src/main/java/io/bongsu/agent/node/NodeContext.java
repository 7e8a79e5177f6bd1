package io.bongsu.agent.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where collectors find the host: the procfs, sysfs and root filesystem mount points (configurable
 * so a containerised agent can read the host's, and tests can read fixture trees), and small
 * helpers to read their files.
 */
public final class NodeContext {
  private final Path proc;
  private final Path sys;
  private final Path root;
  private final Path udevData;
  private final Path textfileDirectory;

  public NodeContext(Path proc, Path sys, Path root, Path udevData, Path textfileDirectory) {
    this.proc = proc;
    this.sys = sys;
    this.root = root;
    this.udevData = udevData;
    this.textfileDirectory = textfileDirectory;
  }

  /** The host's own /proc, /sys and /. */
  public static NodeContext host() {
    return new NodeContext(Path.of("/proc"), Path.of("/sys"), Path.of("/"), Path.of("/run/udev/data"), null);
  }

  public Path proc(String relative) {
    return proc.resolve(relative);
  }

  public Path sys(String relative) {
    return sys.resolve(relative);
  }

  /** A path under the root filesystem; absolute host paths are taken relative to it. */
  public Path root(String path) {
    return root.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  public Path rootPath() {
    return root;
  }

  public Path udevData() {
    return udevData;
  }

  /** The textfile collector's directory, or null when not configured. */
  public Path textfileDirectory() {
    return textfileDirectory;
  }

  /**
   * The whole file. procfs and sysfs report size 0 and some sysctl handlers answer only a read at
   * offset 0, so this reads through one large buffer rather than sizing by the file length.
   */
  public static String read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static List<String> lines(Path p) throws IOException {
    return read(p).lines().toList();
  }

  /** The trimmed contents, or null when the file does not exist or cannot be read (sysfs answers EINVAL for some attributes). */
  public static String readOptional(Path p) {
    try {
      return read(p).trim();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public static Double readDouble(Path p) {
    String s = readOptional(p);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whitespace split that ignores leading blanks. */
  public static String[] fields(String line) {
    String t = line.trim();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }
}
