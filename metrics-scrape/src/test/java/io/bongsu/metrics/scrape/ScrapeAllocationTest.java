package io.bongsu.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.PrometheusConfig;
import io.bongsu.metrics.scrape.config.ScrapeConfig;
import io.bongsu.metrics.storage.Appender;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScrapeAllocationTest {
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** Counts appends and hands back a ref, as a real storage would, without allocating. */
  private static final class CountingAppender implements Appender {
    long appended;

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      appended++;
      return ref == 0 ? appended : ref;
    }

    @Override
    public void commit() {}

    @Override
    public void rollback() {}
  }

  @Test
  void repeatScrapesOfKnownSeriesAllocateAlmostNothingPerSample() throws Exception {
    ScrapeConfig cfg = PrometheusConfig.parse("scrape_configs:\n- job_name: j\n", null).scrapeConfigs().get(0);
    StringBuilder sb = new StringBuilder("# HELP m Help.\n# TYPE m gauge\n");
    int n = 2000;
    for (int i = 0; i < n; i++) {
      sb.append("m{id=\"").append(i).append("\",kind=\"a\"} ").append(i).append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    HttpScraper.Body body = new HttpScraper.Body(bytes, bytes.length, "text/plain; version=0.0.4");
    Labels targetLabels = Labels.of("job", "j", "instance", "h:1");
    ScrapeLoop.State state = new ScrapeLoop.State(targetLabels);
    CountingAppender app = new CountingAppender();
    for (int i = 0; i < 30; i++) {
      state.append(app, body, 1000L * i, cfg, targetLabels, new ScrapeLoop.Counts());
    }
    int rounds = 50;
    long before = allocatedBytes();
    for (int i = 0; i < rounds; i++) {
      state.append(app, body, 100_000L + i, cfg, targetLabels, new ScrapeLoop.Counts());
    }
    double perSample = (allocatedBytes() - before) / (double) (rounds * n);
    assertThat(perSample).as("bytes allocated per sample").isLessThan(2.0);
    assertThat(app.appended).isEqualTo((30L + rounds) * n);
  }
}
