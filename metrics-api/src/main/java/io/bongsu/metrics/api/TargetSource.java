package io.bongsu.metrics.api;

import io.bongsu.common.labels.Labels;
import java.time.Instant;
import java.util.List;

/** The scrape targets, for {@code /api/v1/targets} and target metadata. */
public interface TargetSource {
  TargetSource NONE = new TargetSource() {
    @Override
    public List<Active> activeTargets() {
      return List.of();
    }

    @Override
    public List<Dropped> droppedTargets() {
      return List.of();
    }
  };

  List<Active> activeTargets();

  List<Dropped> droppedTargets();

  /**
   * One target being scraped, with the fields of Prometheus's target status.
   *
   * @param lastScrape null before the first scrape
   * @param health "up", "down" or "unknown"
   * @param scrapeInterval as in the config, e.g. "15s"
   */
  record Active(
      Labels discoveredLabels,
      Labels labels,
      String scrapePool,
      String scrapeUrl,
      String globalUrl,
      String lastError,
      Instant lastScrape,
      double lastScrapeDurationSeconds,
      String health,
      String scrapeInterval,
      String scrapeTimeout) {}

  /** A discovered target that relabelling dropped. */
  record Dropped(Labels discoveredLabels) {}
}
