package io.bongsu.agent.node;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel page size, which the JDK does not expose: read once from the agent's own
 * /proc/self/smaps (the running kernel's page size whichever procfs is configured), 4096 when unknown.
 */
final class PageSize {
  private static volatile long cached;

  private PageSize() {}

  static long get() {
    long p = cached;
    if (p == 0) {
      p = read();
      cached = p;
    }
    return p;
  }

  private static long read() {
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/smaps"))) {
      String line;
      for (int i = 0; i < 64 && (line = r.readLine()) != null; i++) {
        if (line.startsWith("KernelPageSize:")) {
          String[] f = NodeContext.fields(line);
          return Long.parseLong(f[1]) * 1024;
        }
      }
    } catch (Exception e) {
      return 4096;
    }
    return 4096;
  }
}
