package io.bongsu.exposition.parse;

import io.bongsu.exposition.ExpositionFormat;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpositionParserAllocationTest {
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void walkingSamplesAllocatesNothingPerSample() {
    StringBuilder sb = new StringBuilder("# HELP node_cpu_seconds_total Seconds.\n# TYPE node_cpu_seconds_total counter\n");
    int n = 2000;
    for (int i = 0; i < n; i++) {
      sb.append("node_cpu_seconds_total{cpu=\"").append(i).append("\",mode=\"idle\"} ")
          .append(i * 1.25).append(i % 2 == 0 ? " 1700000000000" : "").append('\n');
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    double sink = 0;
    for (int round = 0; round < 2; round++) {
      long before = allocatedBytes();
      int rounds = 50;
      for (int r = 0; r < rounds; r++) {
        ExpositionParser p = new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, body);
        for (ExpositionParser.Entry e; (e = p.next()) != null; ) {
          if (e == ExpositionParser.Entry.SERIES) {
            sink += p.value() + p.seriesEnd() + (p.hasTimestamp() ? p.timestampMillis() : 0);
          }
        }
      }
      double perSample = (allocatedBytes() - before) / (double) (rounds * n);
      if (round == 1) {
        assertThat(perSample).as("bytes allocated per sample").isLessThan(1.0);
      }
    }
    assertThat(sink).isPositive();
  }
}
