package io.bongsu.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged commits survive the writing process being killed with SIGKILL. */
class KillNineTest {
  @TempDir Path dir;

  /** Child process: commits one sample per batch forever, printing each acknowledged timestamp. */
  public static void main(String[] args) throws Exception {
    try (Tsdb db = Tsdb.open(Path.of(args[0]), TsdbOptions.defaults())) {
      Labels l = Labels.of("__name__", "acked");
      for (long t = 1; ; t++) {
        Appender a = db.appender();
        a.append(0, l, t, t);
        a.commit();
        System.out.println(t);
        System.out.flush();
      }
    }
  }

  @Test
  void everyAcknowledgedCommitIsThereAfterSigkill() throws Exception {
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KillNineTest.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long acked = 0;
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        acked = Long.parseLong(line.trim());
        if (acked >= 2000) {
          p.destroyForcibly();
          break;
        }
      }
    }
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(acked).isGreaterThanOrEqualTo(2000);
    try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withBackgroundMaintenance(false));
        Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      List<Series> series = q.select(List.of(LabelMatcher.eq("__name__", "acked")));
      assertThat(series).hasSize(1);
      SampleIterator it = series.get(0).iterator();
      long expect = 1;
      while (it.next()) {
        assertThat(it.timestamp()).isEqualTo(expect);
        expect++;
      }
      assertThat(expect - 1).isGreaterThanOrEqualTo(acked);
    }
  }
}
