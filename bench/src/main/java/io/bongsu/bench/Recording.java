package io.bongsu.bench;

import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.parse.ExpositionParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording of real scrapes as written by {@link NodeExporterRecorder}: OpenMetrics text where
 * every sample carries its scrape's timestamp, scrapes one after another. Loaded whole; the
 * series' label arrays are shared between scrapes.
 */
final class Recording {
  /** One scrape: its time and the series it returned with their values. */
  record Scrape(long timeMillis, String[][] labels, double[] values) {}

  final List<Scrape> scrapes = new ArrayList<>();
  final int distinctSeries;

  private Recording(List<Scrape> scrapes, int distinctSeries) {
    this.scrapes.addAll(scrapes);
    this.distinctSeries = distinctSeries;
  }

  static Recording load(Path file) throws IOException {
    ExpositionParser p = new ExpositionParser(ExpositionFormat.OPENMETRICS,
        Files.readAllBytes(file));
    Map<String, String[]> interned = new HashMap<>();
    List<Scrape> out = new ArrayList<>();
    List<String[]> labels = new ArrayList<>();
    double[] values = new double[1024];
    long time = Long.MIN_VALUE;
    ExpositionParser.Entry e;
    while ((e = p.next()) != null) {
      if (e != ExpositionParser.Entry.SERIES) {
        continue;
      }
      if (!p.hasTimestamp()) {
        throw new IOException(file + ": line " + p.line() + " has no timestamp");
      }
      long t = p.timestampMillis();
      if (t != time && !labels.isEmpty()) {
        out.add(new Scrape(time, labels.toArray(new String[0][]),
            java.util.Arrays.copyOf(values, labels.size())));
        labels.clear();
      }
      time = t;
      String[] l = new String[2 + 2 * p.labelCount()];
      l[0] = "__name__";
      l[1] = p.metricName();
      for (int i = 0; i < p.labelCount(); i++) {
        l[2 + 2 * i] = p.labelName(i);
        l[3 + 2 * i] = p.labelValue(i);
      }
      String[] shared = interned.computeIfAbsent(String.join("\u0000", l), k -> l);
      if (labels.size() == values.length) {
        values = java.util.Arrays.copyOf(values, values.length * 2);
      }
      values[labels.size()] = p.value();
      labels.add(shared);
    }
    if (!labels.isEmpty()) {
      out.add(new Scrape(time, labels.toArray(new String[0][]),
          java.util.Arrays.copyOf(values, labels.size())));
    }
    if (out.isEmpty()) {
      throw new IOException(file + " holds no samples");
    }
    return new Recording(out, interned.size());
  }

  long samples() {
    long n = 0;
    for (Scrape s : scrapes) {
      n += s.values().length;
    }
    return n;
  }

  /** The median time between scrapes, or 0 for a single scrape. */
  long medianIntervalMillis() {
    if (scrapes.size() < 2) {
      return 0;
    }
    long[] d = new long[scrapes.size() - 1];
    for (int i = 1; i < scrapes.size(); i++) {
      d[i - 1] = scrapes.get(i).timeMillis() - scrapes.get(i - 1).timeMillis();
    }
    java.util.Arrays.sort(d);
    return d[d.length / 2];
  }
}
