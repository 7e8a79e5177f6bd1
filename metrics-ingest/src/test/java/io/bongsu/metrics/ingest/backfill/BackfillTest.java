package io.bongsu.metrics.ingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.parse.ExpositionParseException;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.tsdb.BlockWriter;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillTest {
  private static final long HOUR = 3_600_000L;
  @TempDir Path dir;

  @Test
  void openMetricsFileBecomesBlocksThatAReopenedTsdbServes() throws Exception {
    long base = System.currentTimeMillis() - 5 * HOUR;
    StringBuilder om = new StringBuilder("# TYPE http_requests counter\n");
    for (int i = 0; i < 4 * 60; i++) {
      long t = base + i * 60_000L;
      om.append("http_requests_total{code=\"200\"} ").append(i).append(' ')
          .append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append('\n');
    }
    om.append("# EOF\n");
    Path file = dir.resolve("in.om");
    Files.writeString(file, om);
    Path db = dir.resolve("db");

    Backfill.Report report;
    try (BlockWriter w = BlockWriter.create(db, TsdbOptions.defaults().blockRangeMillis())) {
      report = Backfill.importFile(file, w);
    }
    assertThat(report.samples()).isEqualTo(240);
    assertThat(report.series()).isEqualTo(1);
    assertThat(report.blocks()).isBetween(2L, 3L);
    assertThat(report.minTime()).isEqualTo(base);

    try (Tsdb tsdb = Tsdb.open(db, TsdbOptions.defaults());
        Querier q = tsdb.querier(base, base + 5 * HOUR)) {
      List<Series> series = q.select(List.of(LabelMatcher.eq("__name__", "http_requests_total")));
      assertThat(series).hasSize(1);
      List<Double> values = new ArrayList<>();
      SampleIterator it = series.get(0).iterator();
      while (it.next()) {
        values.add(it.value());
      }
      assertThat(values).hasSize(240).startsWith(0.0, 1.0).endsWith(239.0);
    }
  }

  @Test
  void textFormatTimestampsAreMilliseconds() {
    byte[] text = "up 1 1700000000000\n".getBytes(StandardCharsets.UTF_8);
    assertThat(Backfill.detectFormat(text)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(Backfill.detectFormat("up 1 1.5\n# EOF\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ExpositionFormat.OPENMETRICS);
  }

  @Test
  void aSampleWithoutTimestampFailsTheWholeImportBeforeAnyBlockIsWritten() throws Exception {
    Path file = dir.resolve("bad.om");
    Files.writeString(file, "a 1 1700000000\nb 2\n# EOF\n");
    Path db = dir.resolve("db");
    try (BlockWriter w = BlockWriter.create(db, TsdbOptions.defaults().blockRangeMillis())) {
      assertThatThrownBy(() -> Backfill.importFile(file, w))
          .isInstanceOf(ExpositionParseException.class)
          .hasMessageContaining("line 2").hasMessageContaining("timestamp");
    }
    try (var entries = Files.list(db)) {
      assertThat(entries.filter(Files::isDirectory)).isEmpty();
    }
  }
}
