package io.bongsu.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.exposition.write.MetricFamily;
import io.bongsu.exposition.write.TextFormatWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextfileCollectorTest {
  @TempDir Path dir;

  private String collect() throws Exception {
    MetricSet set = new MetricSet();
    new TextfileCollector().collect(new NodeContext(dir, dir, dir, dir, dir), set);
    List<MetricFamily> families = set.build();
    return TextFormatWriter.INSTANCE.write(families);
  }

  @Test
  void mergesPromFilesWithTheirTypesHelpAndHistogramLines() throws Exception {
    Files.writeString(dir.resolve("backup.prom"), """
        # HELP backup_last_success_seconds When the last backup finished.
        # TYPE backup_last_success_seconds gauge
        backup_last_success_seconds{target="db"} 1.7e+09
        # TYPE backup_duration_seconds histogram
        backup_duration_seconds_bucket{le="10"} 1
        backup_duration_seconds_bucket{le="+Inf"} 2
        backup_duration_seconds_sum 31
        backup_duration_seconds_count 2
        """);
    Files.writeString(dir.resolve("plain.prom"), "cron_runs_total 3\n");
    Files.writeString(dir.resolve("ignored.txt"), "not_a_metric 1\n");

    String text = collect();
    assertThat(text)
        .contains("# HELP backup_last_success_seconds When the last backup finished.\n"
            + "# TYPE backup_last_success_seconds gauge\n"
            + "backup_last_success_seconds{target=\"db\"} 1.7e+09\n")
        .contains("# TYPE backup_duration_seconds histogram\n")
        .contains("backup_duration_seconds_bucket{le=\"+Inf\"} 2\n")
        .contains("backup_duration_seconds_count 2\n")
        .contains("# HELP cron_runs_total Metric read from " + dir.resolve("plain.prom") + "\n")
        .contains("node_textfile_mtime_seconds{file=\"" + dir.resolve("backup.prom") + "\"}")
        .contains("node_textfile_scrape_error 0\n")
        .doesNotContain("not_a_metric");
  }

  @Test
  void aBrokenOrTimestampedFileIsSkippedWholeAndReportedAsAnError() throws Exception {
    Files.writeString(dir.resolve("a_good.prom"), "good_metric 1\n");
    Files.writeString(dir.resolve("b_broken.prom"), "half_written 1\nbroken{ 2\n");
    Files.writeString(dir.resolve("c_stamped.prom"), "stamped 1 1700000000000\n");

    String text = collect();
    assertThat(text).contains("good_metric 1\n").contains("node_textfile_scrape_error 1\n")
        .doesNotContain("half_written").doesNotContain("stamped 1");
  }
}
