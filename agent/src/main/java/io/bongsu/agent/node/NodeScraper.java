package io.bongsu.agent.node;

import io.bongsu.exposition.write.MetricFamily;
import io.bongsu.exposition.MetricType;
import io.bongsu.exposition.write.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs all collectors concurrently for one scrape, each under a time limit. A failing or slow
 * collector contributes {@code node_scrape_collector_success 0} and nothing else; the scrape
 * itself always succeeds.
 */
public final class NodeScraper implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NodeScraper.class.getName());

  private final NodeContext ctx;
  private final List<NodeCollector> collectors;
  private final Duration collectorTimeout;
  private final ExecutorService pool;
  private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

  public NodeScraper(NodeContext ctx, List<NodeCollector> collectors, Duration collectorTimeout) {
    this.ctx = ctx;
    this.collectors = List.copyOf(collectors);
    this.collectorTimeout = collectorTimeout;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bongsu-collector-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private record Outcome(NodeCollector collector, List<MetricFamily> families, double seconds, boolean success) {}

  /** One scrape: every collector's families merged and sorted by name, then the scrape metrics. */
  public List<MetricFamily> scrape() {
    List<Future<Outcome>> futures = new ArrayList<>(collectors.size());
    for (NodeCollector c : collectors) {
      futures.add(pool.submit(() -> run(c)));
    }
    long deadline = System.nanoTime() + collectorTimeout.toNanos();
    List<Outcome> outcomes = new ArrayList<>(collectors.size());
    for (int i = 0; i < futures.size(); i++) {
      Future<Outcome> f = futures.get(i);
      NodeCollector c = collectors.get(i);
      try {
        outcomes.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        f.cancel(true);
        LOG.warning(() -> "collector " + c.name() + " timed out after " + collectorTimeout);
        outcomes.add(new Outcome(c, List.of(), collectorTimeout.toNanos() / 1e9, false));
      } catch (ExecutionException e) {
        outcomes.add(new Outcome(c, List.of(), 0, false));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        outcomes.add(new Outcome(c, List.of(), 0, false));
      }
    }
    Map<String, MetricFamily> merged = new LinkedHashMap<>();
    MetricFamily.Builder duration = MetricFamily.builder("node_scrape_collector_duration_seconds", MetricType.GAUGE,
        "node_exporter: Duration of a collector scrape.");
    MetricFamily.Builder success = MetricFamily.builder("node_scrape_collector_success", MetricType.GAUGE,
        "node_exporter: Whether a collector succeeded.");
    outcomes.sort(Comparator.comparing(o -> o.collector.name()));
    for (Outcome o : outcomes) {
      for (MetricFamily f : o.families) {
        merged.merge(f.name(), f, NodeScraper::mergeFamilies);
      }
      duration.add(Sample.of(o.seconds, "collector", o.collector.name()));
      success.add(Sample.of(o.success ? 1 : 0, "collector", o.collector.name()));
    }
    merged.put(duration.name(), duration.build());
    merged.put(success.name(), success.build());
    List<MetricFamily> result = new ArrayList<>(merged.values());
    result.sort(Comparator.comparing(MetricFamily::name));
    return result;
  }

  private Outcome run(NodeCollector c) {
    long start = System.nanoTime();
    MetricSet set = new MetricSet();
    List<MetricFamily> families = List.of();
    boolean ok;
    try {
      c.collect(ctx, set);
      families = set.build();
      ok = true;
      lastErrors.remove(c.name());
    } catch (NoDataException e) {
      LOG.fine(() -> "collector " + c.name() + " has no data: " + e.getMessage());
      ok = false;
    } catch (Exception | LinkageError e) {
      // a collector that fails the same way every scrape (timex, say) is reported once, not every 15 s
      String message = e.toString();
      if (!message.equals(lastErrors.put(c.name(), message))) {
        // an unsupported collector is a known limit of this host, not a bug worth a stack trace
        LOG.log(Level.WARNING, "collector " + c.name() + " failed: " + message,
            e instanceof UnsupportedOperationException ? null : e);
      }
      ok = false;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // a failed collector may have emitted part of its families; they are dropped so series do not flap half-filled
    return new Outcome(c, families, seconds, ok);
  }

  private static MetricFamily mergeFamilies(MetricFamily a, MetricFamily b) {
    List<Sample> samples = new ArrayList<>(a.samples());
    samples.addAll(b.samples());
    return new MetricFamily(a.name(), a.type(), a.help(), a.unit(), samples);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
