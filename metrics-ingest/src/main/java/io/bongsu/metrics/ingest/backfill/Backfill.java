package io.bongsu.metrics.ingest.backfill;

import io.bongsu.common.labels.Labels;
import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.parse.ExpositionParseException;
import io.bongsu.exposition.parse.ExpositionParser;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.tsdb.BlockWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Backfills historical samples from an exposition file into TSDB blocks, as {@code promtool tsdb
 * create-blocks-from openmetrics} does. The file is OpenMetrics when it ends with {@code # EOF}
 * (timestamps in seconds), otherwise the Prometheus text format (timestamps in milliseconds).
 * Every sample must carry a timestamp: a backfill without one has no time to put it at.
 */
public final class Backfill {
  /** What an import did. */
  public record Report(long samples, long series, long blocks, long minTime, long maxTime) {}

  private Backfill() {}

  public static ExpositionFormat detectFormat(byte[] body) {
    int end = body.length;
    while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r' || body[end - 1] == ' ')) {
      end--;
    }
    byte[] eof = "# EOF".getBytes(StandardCharsets.US_ASCII);
    if (end < eof.length) {
      return ExpositionFormat.PROMETHEUS_TEXT;
    }
    for (int i = 0; i < eof.length; i++) {
      if (body[end - eof.length + i] != eof[i]) {
        return ExpositionFormat.PROMETHEUS_TEXT;
      }
    }
    return ExpositionFormat.OPENMETRICS;
  }

  /**
   * Reads the whole file first, so a malformed file writes no block at all.
   *
   * @throws ExpositionParseException for malformed input or a sample without a timestamp
   */
  public static Report importFile(Path file, BlockWriter writer) throws IOException {
    byte[] body = Files.readAllBytes(file);
    ExpositionFormat format = detectFormat(body);
    ExpositionParser check = new ExpositionParser(format, body);
    ExpositionParser.Entry entry;
    while ((entry = check.next()) != null) {
      if (entry == ExpositionParser.Entry.SERIES && !check.hasTimestamp()) {
        throw new ExpositionParseException(check.line(), "sample without a timestamp: "
            + check.metricName() + "; backfill needs explicit timestamps");
      }
    }
    ExpositionParser p = new ExpositionParser(format, body);
    Set<Labels> series = new HashSet<>();
    Labels.Builder builder = new Labels.Builder();
    long samples = 0;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    ExpositionParser.Entry e;
    while ((e = p.next()) != null) {
      if (e != ExpositionParser.Entry.SERIES) {
        continue;
      }
      Labels labels = p.labels(builder.reset()).build();
      series.add(labels);
      long t = p.timestampMillis();
      try {
        writer.add(labels, t, p.value());
      } catch (SampleRejectedException ex) {
        throw new ExpositionParseException(p.line(), ex.getMessage());
      }
      samples++;
      minTime = Math.min(minTime, t);
      maxTime = Math.max(maxTime, t);
    }
    int blocks = writer.flush().size();
    return new Report(samples, series.size(), blocks, minTime, maxTime);
  }
}
