package io.bongsu.metrics.scrape;

import io.bongsu.common.labels.Labels;
import java.time.Instant;

/**
 * One active target as {@code /api/v1/targets} shows it.
 *
 * @param lastScrape when the last scrape started, null before the first one
 * @param lastScrapeDuration seconds the last scrape took
 * @param health "up", "down" or "unknown" (not scraped yet)
 * @param scrapeInterval Prometheus duration text, e.g. "15s"
 */
public record TargetStatus(
    Labels discoveredLabels,
    Labels labels,
    String scrapePool,
    String scrapeUrl,
    String globalUrl,
    String lastError,
    Instant lastScrape,
    double lastScrapeDuration,
    String health,
    String scrapeInterval,
    String scrapeTimeout) {}
