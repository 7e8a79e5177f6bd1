package io.bongsu.metrics.scrape;

import io.bongsu.common.labels.Labels;
import io.bongsu.exposition.parse.ExpositionParseException;
import io.bongsu.exposition.parse.ExpositionParser;
import io.bongsu.metrics.scrape.config.Durations;
import io.bongsu.metrics.scrape.config.ScrapeConfig;
import io.bongsu.metrics.scrape.relabel.Relabeler;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.storage.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scrapes one target at a fixed phase within its interval and appends what it finds, writing
 * staleness markers for series that disappear, for every series when a scrape fails, and for
 * every series when the target goes away.
 */
final class ScrapeLoop {
  private static final Logger LOG = Logger.getLogger(ScrapeLoop.class.getName());
  private static final String[] REPORT_NAMES = {
    "up", "scrape_duration_seconds", "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling", "scrape_series_added"
  };

  /** What a pool's loops share. */
  record Context(ScrapeConfig config, HttpScraper scraper, Storage storage,
      ScheduledExecutorService scheduler, ExecutorService workers, String globalHost, long jitterSeed) {}

  private final Context ctx;
  private final Target target;
  private final State state;
  private final long offsetMillis;
  private final String globalUrl;

  private volatile boolean stopped;
  private ScheduledFuture<?> pending;
  private volatile String lastError = "";
  private volatile Instant lastScrape;
  private volatile double lastDuration;
  private volatile String health = "unknown";
  private volatile String forcedError;
  private int sizeHint;

  ScrapeLoop(Context ctx, Target target, State previous) {
    this.ctx = ctx;
    this.target = target;
    this.state = previous != null ? previous : new State(target.labels);
    long h = 0xcbf29ce484222325L ^ ctx.jitterSeed();
    for (char c : target.key().toCharArray()) {
      h = (h ^ c) * 0x100000001b3L;
    }
    this.offsetMillis = Math.floorMod(h, target.interval.toMillis());
    String host = target.url.getHost();
    String g = target.url.toString();
    if (host != null && ctx.globalHost() != null
        && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"))) {
      g = g.replaceFirst("//" + java.util.regex.Pattern.quote(host), "//" + ctx.globalHost());
    }
    this.globalUrl = g;
  }

  Target target() {
    return target;
  }

  /** The series cache, handed to the replacement loop on reload so staleness carries on. */
  State state() {
    return state;
  }

  synchronized void start() {
    scheduleNext();
  }

  private synchronized void scheduleNext() {
    if (stopped) {
      return;
    }
    long iv = target.interval.toMillis();
    long now = System.currentTimeMillis();
    long next = now - Math.floorMod(now - offsetMillis, iv) + iv;
    try {
      pending = ctx.scheduler().schedule(() -> {
        try {
          ctx.workers().execute(this::runOnce);
        } catch (RejectedExecutionException shuttingDown) {
          LOG.fine("scrape skipped: shutting down");
        }
      }, next - now, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      LOG.fine("scrape loop not rescheduled: shutting down");
    }
  }

  private void runOnce() {
    try {
      scrape();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "scrape of " + target.url + " failed unexpectedly", e);
    } finally {
      scheduleNext();
    }
  }

  /** One scrape: fetch, parse, append, report. */
  void scrape() {
    if (stopped) {
      return;
    }
    long start = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    HttpScraper.Body body = null;
    String error = null;
    String forced = forcedError;
    if (forced != null) {
      error = forced;
    } else {
      try {
        body = ctx.scraper().fetch(target.url, target.timeout, ctx.config().bodySizeLimit(), sizeHint);
        sizeHint = body.length();
      } catch (ScrapeFailedException e) {
        error = e.getMessage();
      }
    }
    synchronized (this) {
      if (stopped) {
        return;
      }
      Counts counts = new Counts();
      Appender app = ctx.storage().appender();
      if (error == null) {
        try {
          state.append(app, body, start, ctx.config(), target.labels, counts);
        } catch (ScrapeFailedException e) {
          error = e.getMessage();
          app.rollback();
          app = ctx.storage().appender();
        }
      }
      if (error != null) {
        state.markAllStale(app, start);
        counts.seriesAdded = 0;
      }
      double duration = (System.nanoTime() - startNanos) / 1e9;
      state.report(app, start, error == null ? 1 : 0, duration, counts);
      app.commit();
      lastScrape = Instant.ofEpochMilli(start);
      lastDuration = duration;
      lastError = error == null ? "" : error;
      health = error == null ? "up" : "down";
      if (counts.rejected > 0) {
        LOG.fine(() -> target.url + ": " + counts.rejected + " samples rejected by storage");
      }
    }
  }

  /** Makes every scrape fail with this error without contacting the target (null to lift it). */
  void forceError(String error) {
    forcedError = error;
  }

  /** Stops scraping; with staleness, marks every series of the target stale as Prometheus does. */
  void stop(boolean staleness) {
    synchronized (this) {
      stopped = true;
      if (pending != null) {
        pending.cancel(false);
      }
      if (staleness) {
        Appender app = ctx.storage().appender();
        state.markAllStale(app, System.currentTimeMillis());
        state.reportStale(app, System.currentTimeMillis());
        app.commit();
      }
    }
  }

  TargetStatus status(String pool) {
    return new TargetStatus(target.discoveredLabels, target.labels, pool, target.url.toString(),
        globalUrl, lastError, lastScrape, lastDuration, health,
        Durations.format(target.interval), Durations.format(target.timeout));
  }

  synchronized void metadata(List<TargetMetadata> out) {
    state.families.forEachValue(f -> out.add(new TargetMetadata(target.labels, f.name,
        new MetricMetadata(f.type, f.help, f.unit))));
  }

  static final class Counts {
    int total;
    int added;
    int seriesAdded;
    int rejected;
    boolean sampleLimitExceeded;
  }

  /** A series as stored: its final labels and storage ref, plus when it was last seen. */
  static final class Series {
    final Labels labels;
    long ref;
    int seenIter = -1;
    int liveIter = -1;
    boolean explicitTimestamp;

    Series(Labels labels) {
      this.labels = labels;
    }
  }

  /** A raw series text from the body: what it maps to (null when relabeling drops it). */
  static final class RawEntry {
    final Series series;
    int seenIter;

    RawEntry(Series series) {
      this.series = series;
    }
  }

  static final class Family {
    final String name;
    String type = "unknown";
    String help = "";
    String unit = "";
    byte[] helpRaw;
    int seenIter;

    Family(String name) {
      this.name = name;
    }
  }

  /** Everything a target remembers between scrapes. Guarded by the owning loop. */
  static final class State {
    final ByteKeyMap<RawEntry> raw = new ByteKeyMap<>();
    final Map<Labels, Series> series = new HashMap<>();
    final ByteKeyMap<Family> families = new ByteKeyMap<>();
    final Labels[] reportLabels = new Labels[REPORT_NAMES.length];
    final long[] reportRefs = new long[REPORT_NAMES.length];
    boolean reported;
    int iter;
    /** The iteration whose series are currently live (not stale), -1 when none. */
    int liveIter = -1;
    private final Labels.Builder builder = new Labels.Builder();

    State(Labels targetLabels) {
      for (int i = 0; i < REPORT_NAMES.length; i++) {
        reportLabels[i] = targetLabels.toBuilder().set(Labels.METRIC_NAME, REPORT_NAMES[i]).build();
      }
    }

    void append(Appender app, HttpScraper.Body body, long ts, ScrapeConfig cfg, Labels targetLabels,
        Counts c) throws ScrapeFailedException {
      int it = ++iter;
      ExpositionParser p =
          ExpositionParser.forContentType(body.contentType(), body.bytes(), 0, body.length());
      byte[] buf = body.bytes();
      try {
        for (ExpositionParser.Entry e; (e = p.next()) != null; ) {
          switch (e) {
            case SERIES -> appendSample(app, p, buf, ts, cfg, targetLabels, c, it);
            case TYPE, HELP, UNIT -> metadata(p, e, buf, it);
            default -> { }
          }
        }
      } catch (ExpositionParseException e) {
        throw new ScrapeFailedException(e.getMessage());
      }
      if (c.sampleLimitExceeded) {
        throw new ScrapeFailedException("sample limit exceeded");
      }
      for (Series s : series.values()) {
        if (s.liveIter == liveIter && liveIter >= 0 && s.seenIter != it) {
          appendStale(app, s, ts);
        }
        if (s.seenIter == it && !s.explicitTimestamp) {
          s.liveIter = it;
        }
      }
      liveIter = it;
      raw.removeIf(r -> r.seenIter < it - 1);
      series.values().removeIf(s -> s.seenIter < it - 1);
      families.removeIf(f -> f.seenIter < it - 1);
    }

    private void appendSample(Appender app, ExpositionParser p, byte[] buf, long ts,
        ScrapeConfig cfg, Labels targetLabels, Counts c, int it) throws ScrapeFailedException {
      c.total++;
      int from = p.seriesStart();
      int to = p.seriesEnd();
      RawEntry entry = raw.get(buf, from, to);
      if (entry == null) {
        Labels labels = finalLabels(p, cfg, targetLabels);
        Series s = null;
        if (labels != null) {
          s = series.get(labels);
          if (s == null) {
            s = new Series(labels);
            series.put(labels, s);
            c.seriesAdded++;
          }
        }
        entry = new RawEntry(s);
        raw.put(buf, from, to, entry);
      }
      entry.seenIter = it;
      Series s = entry.series;
      if (s == null) {
        return;
      }
      if (s.seenIter == it) {
        c.rejected++;
        return;
      }
      c.added++;
      if (cfg.sampleLimit() > 0 && c.added > cfg.sampleLimit()) {
        // Like Prometheus, keep reading to count the samples, then fail the whole scrape.
        c.sampleLimitExceeded = true;
      }
      if (c.sampleLimitExceeded) {
        return;
      }
      s.seenIter = it;
      s.explicitTimestamp = cfg.honorTimestamps() && p.hasTimestamp();
      long t = s.explicitTimestamp ? p.timestampMillis() : ts;
      try {
        s.ref = app.append(s.ref, s.labels, t, p.value());
      } catch (SampleRejectedException e) {
        c.rejected++;
      }
    }

    /** Sample labels with the target's labels applied (honor_labels rules), then metric relabeling. */
    private Labels finalLabels(ExpositionParser p, ScrapeConfig cfg, Labels targetLabels)
        throws ScrapeFailedException {
      Labels sample = p.labels(builder).build();
      Labels.Builder b = sample.toBuilder();
      if (cfg.honorLabels()) {
        targetLabels.forEach((n, v) -> {
          if (sample.get(n) == null) {
            b.set(n, v);
          }
        });
      } else {
        List<String[]> conflicts = null;
        for (int i = 0; i < targetLabels.size(); i++) {
          String n = targetLabels.name(i);
          String existing = sample.get(n);
          if (existing != null) {
            if (conflicts == null) {
              conflicts = new ArrayList<>();
            }
            conflicts.add(new String[] {n, existing});
          }
          b.set(n, targetLabels.value(i));
        }
        if (conflicts != null) {
          for (String[] conflict : conflicts) {
            String name = conflict[0];
            while (true) {
              name = "exported_" + name;
              if (sample.get(name) == null && targetLabels.get(name) == null) {
                b.set(name, conflict[1]);
                break;
              }
            }
          }
        }
      }
      Labels labels = Relabeler.process(b.build(), cfg.metricRelabelConfigs());
      if (labels == null) {
        return null;
      }
      if (cfg.labelLimit() > 0 && labels.size() > cfg.labelLimit()) {
        throw new ScrapeFailedException("label_limit exceeded (metric: " + labels.metricName()
            + ", number of labels: " + labels.size() + ", limit: " + cfg.labelLimit() + ")");
      }
      for (int i = 0; i < labels.size(); i++) {
        if (cfg.labelNameLengthLimit() > 0 && labels.name(i).length() > cfg.labelNameLengthLimit()) {
          throw new ScrapeFailedException("label_name_length_limit exceeded (metric: "
              + labels.metricName() + ", label name: " + labels.name(i) + ", limit: "
              + cfg.labelNameLengthLimit() + ")");
        }
        if (cfg.labelValueLengthLimit() > 0 && labels.value(i).length() > cfg.labelValueLengthLimit()) {
          throw new ScrapeFailedException("label_value_length_limit exceeded (metric: "
              + labels.metricName() + ", label name: " + labels.name(i) + ", limit: "
              + cfg.labelValueLengthLimit() + ")");
        }
      }
      return labels;
    }

    private void metadata(ExpositionParser p, ExpositionParser.Entry e, byte[] buf, int it) {
      Family f = families.get(buf, p.nameStart(), p.nameEnd());
      if (f == null) {
        f = new Family(p.metricName());
        families.put(buf, p.nameStart(), p.nameEnd(), f);
      }
      f.seenIter = it;
      switch (e) {
        case TYPE -> f.type = p.type().text();
        case HELP -> {
          if (f.helpRaw == null
              || !java.util.Arrays.equals(f.helpRaw, 0, f.helpRaw.length, buf, p.textStart(), p.textEnd())) {
            f.helpRaw = java.util.Arrays.copyOfRange(buf, p.textStart(), p.textEnd());
            f.help = p.text();
          }
        }
        case UNIT -> f.unit = p.text();
        default -> { }
      }
    }

    private static void appendStale(Appender app, Series s, long ts) {
      try {
        s.ref = app.append(s.ref, s.labels, ts, StaleMarker.VALUE);
      } catch (SampleRejectedException e) {
        LOG.fine(() -> "stale marker rejected for " + s.labels + ": " + e.getMessage());
      }
    }

    /** After a failed scrape or when the target goes: everything that was live goes stale. */
    void markAllStale(Appender app, long ts) {
      if (liveIter < 0) {
        return;
      }
      for (Series s : series.values()) {
        if (s.liveIter == liveIter) {
          appendStale(app, s, ts);
        }
      }
      liveIter = -1;
    }

    void report(Appender app, long ts, double up, double duration, Counts c) {
      double[] values = {up, duration, c.total, c.added, c.seriesAdded};
      for (int i = 0; i < values.length; i++) {
        try {
          reportRefs[i] = app.append(reportRefs[i], reportLabels[i], ts, values[i]);
        } catch (SampleRejectedException e) {
          LOG.fine(() -> "report sample rejected: " + e.getMessage());
        }
      }
      reported = true;
    }

    void reportStale(Appender app, long ts) {
      if (!reported) {
        return;
      }
      for (int i = 0; i < reportLabels.length; i++) {
        try {
          reportRefs[i] = app.append(reportRefs[i], reportLabels[i], ts, StaleMarker.VALUE);
        } catch (SampleRejectedException e) {
          LOG.fine(() -> "report stale marker rejected: " + e.getMessage());
        }
      }
      reported = false;
    }
  }
}
