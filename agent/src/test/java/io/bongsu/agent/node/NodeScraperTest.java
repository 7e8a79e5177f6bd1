package io.bongsu.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.exposition.write.MetricFamily;
import io.bongsu.exposition.write.Sample;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeScraperTest {
  private interface Body {
    void collect(NodeContext ctx, MetricSet out) throws Exception;
  }

  private static NodeCollector named(String name, Body body) {
    return new NodeCollector() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void collect(NodeContext ctx, MetricSet out) throws Exception {
        body.collect(ctx, out);
      }
    };
  }

  private static double success(List<MetricFamily> families, String collector) {
    return families.stream().filter(f -> f.name().equals("node_scrape_collector_success")).findFirst().orElseThrow()
        .samples().stream().filter(s -> collector.equals(s.label("collector"))).mapToDouble(Sample::value).findFirst().orElseThrow();
  }

  @Test
  void failingAndSlowCollectorsReportZeroWhileOthersSucceed() {
    NodeCollector ok = named("ok", (c, out) -> out.gauge("node_ok", "fine", 1));
    NodeCollector broken = named("broken", (c, out) -> {
      out.gauge("node_half", "partial", 1);
      throw new IllegalStateException("boom");
    });
    NodeCollector slow = named("slow", (c, out) -> {
      Thread.sleep(10_000);
      out.gauge("node_slow", "late", 1);
    });
    try (NodeScraper scraper = new NodeScraper(Fixtures.context(), List.of(ok, broken, slow), Duration.ofMillis(300))) {
      long start = System.nanoTime();
      List<MetricFamily> families = scraper.scrape();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(families).extracting(MetricFamily::name)
          .containsExactly("node_ok", "node_scrape_collector_duration_seconds", "node_scrape_collector_success");
      assertThat(success(families, "ok")).isEqualTo(1);
      assertThat(success(families, "broken")).isEqualTo(0);
      assertThat(success(families, "slow")).isEqualTo(0);
    }
  }

  @Test
  void defaultCollectorsOnFixtureTreeProduceSortedUniqueFamilies() {
    try (NodeScraper scraper = new NodeScraper(Fixtures.context(), NodeCollectors.defaults(), Duration.ofSeconds(10))) {
      List<MetricFamily> families = scraper.scrape();
      List<String> names = families.stream().map(MetricFamily::name).toList();
      assertThat(names).isSorted().doesNotHaveDuplicates()
          .contains("node_cpu_seconds_total", "node_memory_MemTotal_bytes", "node_network_up", "node_disk_info");
      assertThat(success(families, "meminfo")).isEqualTo(1);
      assertThat(success(families, "timex")).isEqualTo(0);
    }
  }
}
