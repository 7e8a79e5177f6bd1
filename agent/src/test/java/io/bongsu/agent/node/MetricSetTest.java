package io.bongsu.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.exposition.write.TextFormatWriter;
import org.junit.jupiter.api.Test;

class MetricSetTest {
  @Test
  void labelsSortedByNameAndSamplesByValues() {
    MetricSet set = new MetricSet();
    set.gauge("node_x", "help", 2, "mode", "b", "cpu", "1");
    set.gauge("node_x", "help", 1, "mode", "a", "cpu", "1");
    set.gauge("node_x", "help", 0, "mode", "z", "cpu", "0");
    assertThat(TextFormatWriter.INSTANCE.write(set.build())).isEqualTo("""
        # HELP node_x help
        # TYPE node_x gauge
        node_x{cpu="0",mode="z"} 0
        node_x{cpu="1",mode="a"} 1
        node_x{cpu="1",mode="b"} 2
        """);
  }

  @Test
  void repeatedLabelSetKeepsTheFirstSample() {
    MetricSet set = new MetricSet();
    set.counter("node_y_total", "h", 1, "device", "eth0");
    set.counter("node_y_total", "h", 5, "device", "eth0");
    assertThat(TextFormatWriter.INSTANCE.write(set.build())).endsWith("node_y_total{device=\"eth0\"} 1\n");
  }

  @Test
  void invalidNamesFromHostDataAreRejected() {
    MetricSet set = new MetricSet();
    assertThatThrownBy(() -> set.gauge("node_bad-name", "h", 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
