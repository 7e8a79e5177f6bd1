package io.bongsu.metrics.scrape;

import io.bongsu.metrics.scrape.config.PrometheusConfig;
import io.bongsu.metrics.scrape.config.ScrapeConfig;
import io.bongsu.metrics.storage.Storage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs every scrape pool of a {@code prometheus.yml}. {@link #apply} starts and reloads: pools
 * whose config is unchanged keep running untouched, changed pools restart their loops keeping
 * series caches, removed pools stop and mark their series stale. File SD files are polled for
 * changes.
 */
public final class ScrapeManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ScrapeManager.class.getName());

  private final Storage storage;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final String globalHost;
  private final Map<String, ScrapePool> pools = new LinkedHashMap<>();
  private boolean closed;

  /** A manager polling file SD files every 5 seconds. */
  public ScrapeManager(Storage storage) {
    this(storage, Duration.ofSeconds(5));
  }

  public ScrapeManager(Storage storage, Duration fileSdPollInterval) {
    this.storage = storage;
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("bongsu-scrape-scheduler"));
    ((ScheduledThreadPoolExecutor) scheduler).setRemoveOnCancelPolicy(true);
    this.workers = Executors.newCachedThreadPool(daemon("bongsu-scrape"));
    this.globalHost = localHostName();
    long poll = fileSdPollInterval.toMillis();
    scheduler.scheduleWithFixedDelay(this::pollFiles, poll, poll, TimeUnit.MILLISECONDS);
  }

  /** Starts or reloads from a config. Throws nothing for bad targets: they are logged and skipped. */
  public synchronized void apply(PrometheusConfig config) {
    if (closed) {
      throw new IllegalStateException("scrape manager is closed");
    }
    long seed = config.global().externalLabels().hashCode();
    Map<String, ScrapeConfig> wanted = new LinkedHashMap<>();
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      wanted.put(sc.jobName(), sc);
    }
    for (String gone : new ArrayList<>(pools.keySet())) {
      if (!wanted.containsKey(gone)) {
        pools.remove(gone).stop(true);
      }
    }
    Map<String, ScrapePool> next = new LinkedHashMap<>();
    for (ScrapeConfig sc : wanted.values()) {
      ScrapePool pool = pools.get(sc.jobName());
      if (pool == null) {
        pool = new ScrapePool(context(sc, seed));
        pool.sync();
      } else if (!pool.config().equals(sc)) {
        pool.reload(context(sc, seed));
      }
      next.put(sc.jobName(), pool);
    }
    pools.clear();
    pools.putAll(next);
  }

  private ScrapeLoop.Context context(ScrapeConfig sc, long seed) {
    ScrapePool existing = pools.get(sc.jobName());
    HttpScraper scraper = existing != null && existing.config().http().equals(sc.http())
        ? existing.context().scraper()
        : new HttpScraper(sc.http(), workers);
    return new ScrapeLoop.Context(sc, scraper, storage, scheduler, workers, globalHost, seed);
  }

  private void pollFiles() {
    List<ScrapePool> current;
    synchronized (this) {
      current = new ArrayList<>(pools.values());
    }
    long now = System.currentTimeMillis();
    for (ScrapePool p : current) {
      try {
        if (p.refreshFiles(now)) {
          p.sync();
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "file_sd refresh of " + p.name() + " failed", e);
      }
    }
  }

  /** Every target being scraped, pool by pool. */
  public synchronized List<TargetStatus> activeTargets() {
    List<TargetStatus> out = new ArrayList<>();
    for (ScrapePool p : pools.values()) {
      for (ScrapeLoop l : p.loops()) {
        out.add(l.status(p.name()));
      }
    }
    return out;
  }

  /** Every discovered target that relabeling dropped. */
  public synchronized List<DroppedTarget> droppedTargets() {
    List<DroppedTarget> out = new ArrayList<>();
    pools.values().forEach(p -> out.addAll(p.dropped()));
    return out;
  }

  /** Per metric family, the distinct metadata targets reported ({@code /api/v1/metadata}). */
  public Map<String, List<MetricMetadata>> metadata() {
    Map<String, Set<MetricMetadata>> byName = new TreeMap<>();
    for (TargetMetadata t : targetMetadata()) {
      byName.computeIfAbsent(t.metric(), k -> new LinkedHashSet<>()).add(t.metadata());
    }
    Map<String, List<MetricMetadata>> out = new TreeMap<>();
    byName.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  /** Metadata per target ({@code /api/v1/targets/metadata}). */
  public List<TargetMetadata> targetMetadata() {
    List<ScrapeLoop> loops = new ArrayList<>();
    synchronized (this) {
      pools.values().forEach(p -> loops.addAll(p.loops()));
    }
    List<TargetMetadata> out = new ArrayList<>();
    loops.forEach(l -> l.metadata(out));
    return out;
  }

  /** Stops all scraping. Series are not marked stale: a restart continues them. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pools.values().forEach(p -> p.stop(false));
    pools.clear();
    scheduler.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
