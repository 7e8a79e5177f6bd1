package io.bongsu.bench;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time to reopen a TSDB whose WAL holds a checkpoint and fresh series, the restart case that was
 * quadratic in the series count. Usage: {@code ReplayBench SERIES}.
 */
public final class ReplayBench {
  private static final long HOUR = 3_600_000L;

  private ReplayBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args.length > 0 ? args[0] : "50000");
    Path dir = Files.createTempDirectory("bongsu-replay");
    long start = System.currentTimeMillis() - 5 * HOUR;
    TsdbOptions options = TsdbOptions.defaults().withBackgroundMaintenance(false);
    try (Tsdb db = Tsdb.open(dir, options)) {
      Thread[] writers = new Thread[4];
      for (int w = 0; w < writers.length; w++) {
        int first = w;
        writers[w] = new Thread(() -> {
          for (int s = first; s < n; s += writers.length) {
            Appender a = db.appender();
            for (int k = 0; k < 4; k++) {
              a.append(0, series(s), start + k * 80 * 60_000L, k);
            }
            a.commit();
          }
        });
        writers[w].start();
      }
      for (Thread t : writers) {
        t.join();
      }
      db.maintain();
      Appender a = db.appender();
      for (int s = 0; s < n; s++) {
        a.append(0, series(s), start + 5 * HOUR - 1_000, 9);
      }
      a.commit();
    }
    long t0 = System.nanoTime();
    try (Tsdb db = Tsdb.open(dir, options)) {
      System.out.printf("reopened %d series in %d ms%n", db.stats().numSeries(),
          (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private static Labels series(int s) {
    return Labels.of("__name__", "m", "job", "node", "instance", Integer.toString(s));
  }
}
