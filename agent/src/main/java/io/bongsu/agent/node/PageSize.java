package io.bongsu.agent.node;

import java.io.BufferedReader;
import java.nio.file.Files;

/** The kernel page size, which the JDK does not expose: read once from /proc/self/smaps, 4096 when unknown. */
final class PageSize {
  private static volatile long cached;

  private PageSize() {}

  static long get(NodeContext ctx) {
    long p = cached;
    if (p == 0) {
      p = read(ctx);
      cached = p;
    }
    return p;
  }

  private static long read(NodeContext ctx) {
    try (BufferedReader r = Files.newBufferedReader(ctx.proc("self/smaps"))) {
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
