package io.bongsu.metrics.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.storage.Storage;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link Storage} must share: a subclass supplies the storage, and each test
 * writes the same seeded random data to it and to {@link MemoryStorage}, then compares answers.
 */
public abstract class StorageConformanceTest {
  private Storage storage;
  private final MemoryStorage reference = new MemoryStorage();
  private final Map<Labels, Long> lastT = new HashMap<>();

  protected abstract Storage newStorage() throws Exception;

  /** Called between writing and querying, e.g. to move data from memory to disk. */
  protected void afterWrites(Storage s) throws Exception {}

  /** Replaces the storage under test, e.g. with a reopened one after a restart. */
  protected final void reopen(Storage s) {
    storage = s;
  }

  @BeforeEach
  void setUp() throws Exception {
    storage = newStorage();
  }

  @AfterEach
  void tearDown() {
    storage.close();
  }

  private void writeRandom(long seed, int series, int samples) {
    Random rnd = new Random(seed);
    String[] jobs = {"api", "db", "web"};
    String[] metrics = {"up", "http_requests_total", "node_cpu_seconds_total"};
    List<Labels> labels = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      Labels.Builder b = new Labels.Builder().set(Labels.METRIC_NAME, metrics[i % metrics.length])
          .set("job", jobs[rnd.nextInt(jobs.length)]).set("instance", "host-" + i);
      if (rnd.nextBoolean()) {
        b.set("mode", rnd.nextBoolean() ? "idle" : "user");
      }
      labels.add(b.build());
    }
    Appender a = storage.appender();
    Appender r = reference.appender();
    for (int k = 0; k < samples; k++) {
      int s = rnd.nextInt(series);
      long t = lastT.merge(labels.get(s), 1L + rnd.nextInt(30_000), Long::sum);
      double v = switch (rnd.nextInt(10)) {
        case 0 -> StaleMarker.VALUE;
        case 1 -> Double.NaN;
        case 2 -> rnd.nextInt(5);
        default -> rnd.nextGaussian() * 1000;
      };
      a.append(0, labels.get(s), t, v);
      r.append(0, labels.get(s), t, v);
      if (rnd.nextInt(50) == 0) {
        a.commit();
        r.commit();
      }
    }
    a.commit();
    r.commit();
  }

  private static List<String> dump(Querier q, List<LabelMatcher> ms) {
    List<String> out = new ArrayList<>();
    for (Series s : q.select(ms)) {
      StringBuilder sb = new StringBuilder(s.labels().toString()).append(':');
      SampleIterator it = s.iterator();
      while (it.next()) {
        sb.append(' ').append(it.timestamp()).append('=')
            .append(Long.toHexString(Double.doubleToRawLongBits(it.value())));
      }
      out.add(sb.toString());
    }
    return out;
  }

  private void assertSameAnswers(long mint, long maxt) {
    List<List<LabelMatcher>> selectors = List.of(
        List.of(LabelMatcher.eq(Labels.METRIC_NAME, "up")),
        List.of(LabelMatcher.of(LabelMatcher.Type.RE, "job", "api|db")),
        List.of(LabelMatcher.of(LabelMatcher.Type.RE, Labels.METRIC_NAME, ".+"),
            LabelMatcher.of(LabelMatcher.Type.NEQ, "mode", "idle")),
        List.of(LabelMatcher.of(LabelMatcher.Type.NRE, "job", "w.*"),
            LabelMatcher.eq("mode", "")),
        List.of(LabelMatcher.of(LabelMatcher.Type.RE, "instance", "host-1.*"),
            LabelMatcher.eq(Labels.METRIC_NAME, "http_requests_total")),
        List.of(LabelMatcher.eq("job", "nope")),
        List.of());
    try (Querier got = storage.querier(mint, maxt);
        Querier want = reference.querier(mint, maxt)) {
      for (List<LabelMatcher> ms : selectors) {
        assertThat(dump(got, ms)).as("select %s in [%d,%d]", ms, mint, maxt)
            .isEqualTo(dump(want, ms));
        assertThat(got.labelNames(ms)).as("names %s", ms).isEqualTo(want.labelNames(ms));
        assertThat(got.labelValues("job", ms)).as("values %s", ms)
            .isEqualTo(want.labelValues("job", ms));
      }
    }
  }

  @Test
  void randomWritesGiveTheSameAnswersAsTheReference() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      writeRandom(seed * 7919, 40, 4000);
    }
    afterWrites(storage);
    assertSameAnswers(Long.MIN_VALUE, Long.MAX_VALUE);
    assertSameAnswers(0, 2_000_000);
    assertSameAnswers(1_000_000, 1_500_000);
    assertSameAnswers(5_000_000, 5_000_000);
  }

  @Test
  void iteratorsSeekForwardAndStopAtTheEnd() throws Exception {
    writeRandom(42, 5, 2000);
    afterWrites(storage);
    try (Querier got = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE);
        Querier want = reference.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      List<Series> gs = got.select(List.of());
      List<Series> ws = want.select(List.of());
      assertThat(gs).hasSameSizeAs(ws);
      for (int i = 0; i < gs.size(); i++) {
        SampleIterator g = gs.get(i).iterator();
        SampleIterator w = ws.get(i).iterator();
        for (long t = 0; ; t += 97_000) {
          boolean gok = g.seek(t);
          assertThat(gok).isEqualTo(w.seek(t));
          if (!gok) {
            break;
          }
          assertThat(g.timestamp()).isEqualTo(w.timestamp());
          assertThat(Double.doubleToRawLongBits(g.value()))
              .isEqualTo(Double.doubleToRawLongBits(w.value()));
        }
      }
    }
  }

  @Test
  void rolledBackSamplesAreNeverVisible() {
    Appender a = storage.appender();
    a.append(0, Labels.of("__name__", "gone"), 1000, 1);
    a.rollback();
    a.append(0, Labels.of("__name__", "kept"), 1000, 2);
    a.commit();
    try (Querier q = storage.querier(0, 2000)) {
      assertThat(q.labelValues(Labels.METRIC_NAME, List.of())).containsExactly("kept");
    }
  }
}
