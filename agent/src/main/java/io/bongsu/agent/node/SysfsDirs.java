package io.bongsu.agent.node;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Directory listing helpers for sysfs class trees. */
final class SysfsDirs {
  private SysfsDirs() {}

  /** Entries of a directory matching a glob, sorted by name; empty when the directory is absent. */
  static List<Path> list(Path dir, String glob) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
      ds.forEach(out::add);
    }
    out.sort(null);
    return out;
  }
}
