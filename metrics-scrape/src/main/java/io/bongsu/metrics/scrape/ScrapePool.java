package io.bongsu.metrics.scrape;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.FileSdConfig;
import io.bongsu.metrics.scrape.config.ScrapeConfig;
import io.bongsu.metrics.scrape.discovery.FileDiscovery;
import io.bongsu.metrics.scrape.discovery.TargetGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** The targets of one {@code scrape_configs} entry and their loops. */
final class ScrapePool {
  private static final Logger LOG = Logger.getLogger(ScrapePool.class.getName());

  private final String name;
  private ScrapeLoop.Context ctx;
  private List<FileDiscovery> fileSds = new ArrayList<>();
  private Map<String, ScrapeLoop> loops = new LinkedHashMap<>();
  private List<DroppedTarget> dropped = List.of();
  private boolean stopped;

  ScrapePool(ScrapeLoop.Context ctx) {
    this.name = ctx.config().jobName();
    this.ctx = ctx;
    for (FileSdConfig f : ctx.config().fileSdConfigs()) {
      fileSds.add(new FileDiscovery(f));
    }
    refreshFiles(System.currentTimeMillis());
  }

  synchronized ScrapeConfig config() {
    return ctx.config();
  }

  /** The current shared context; reused on reload when the HTTP settings did not change. */
  synchronized ScrapeLoop.Context context() {
    return ctx;
  }

  /** Polls file SD; true when any file's groups changed. */
  boolean refreshFiles(long now) {
    boolean changed = false;
    for (FileDiscovery f : fileSds) {
      changed |= f.refresh(now);
    }
    return changed;
  }

  /** Rebuilds targets from the current groups: new ones start, gone ones stop with staleness. */
  synchronized void sync() {
    sync(Map.of());
  }

  private void sync(Map<String, ScrapeLoop.State> inherited) {
    if (stopped) {
      return;
    }
    List<TargetGroup> groups = new ArrayList<>(ctx.config().staticConfigs());
    fileSds.forEach(f -> groups.addAll(f.groups()));
    Map<String, Target> wanted = new LinkedHashMap<>();
    List<DroppedTarget> drops = new ArrayList<>();
    for (TargetGroup g : groups) {
      for (Labels t : g.targets()) {
        Target.Result r = Target.build(g.labels(), t, ctx.config());
        if (r.error() != null) {
          LOG.warning("scrape pool " + name + ": skipping target " + t + " of group " + g.source()
              + ": " + r.error());
        } else if (r.dropped() != null) {
          drops.add(new DroppedTarget(name, r.dropped()));
        } else {
          wanted.putIfAbsent(r.target().key(), r.target());
        }
      }
    }
    long limit = ctx.config().targetLimit();
    String forced = limit > 0 && wanted.size() > limit
        ? "target_limit exceeded (number of targets: " + wanted.size() + ", limit: " + limit + ")"
        : null;
    Map<String, ScrapeLoop> next = new LinkedHashMap<>();
    for (Map.Entry<String, Target> e : wanted.entrySet()) {
      ScrapeLoop loop = loops.get(e.getKey());
      if (loop == null) {
        loop = new ScrapeLoop(ctx, e.getValue(), inherited.get(e.getKey()));
        loop.forceError(forced);
        loop.start();
      } else {
        loop.forceError(forced);
      }
      next.put(e.getKey(), loop);
    }
    for (Map.Entry<String, ScrapeLoop> e : loops.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        e.getValue().stop(true);
      }
    }
    loops = next;
    dropped = List.copyOf(drops);
  }

  /**
   * Takes a changed config: loops restart with the new settings, keeping each surviving target's
   * series cache so staleness stays exact; targets that no longer exist go stale.
   */
  synchronized void reload(ScrapeLoop.Context newCtx) {
    Map<String, ScrapeLoop> old = loops;
    Map<String, ScrapeLoop.State> states = new LinkedHashMap<>();
    for (Map.Entry<String, ScrapeLoop> e : old.entrySet()) {
      e.getValue().stop(false);
      states.put(e.getKey(), e.getValue().state());
    }
    boolean sameFiles = newCtx.config().fileSdConfigs().equals(ctx.config().fileSdConfigs());
    ctx = newCtx;
    if (!sameFiles) {
      fileSds = new ArrayList<>();
      for (FileSdConfig f : ctx.config().fileSdConfigs()) {
        fileSds.add(new FileDiscovery(f));
      }
      refreshFiles(System.currentTimeMillis());
    }
    loops = new LinkedHashMap<>();
    sync(states);
    for (Map.Entry<String, ScrapeLoop> e : old.entrySet()) {
      if (!loops.containsKey(e.getKey())) {
        e.getValue().stop(true);
      }
    }
  }

  synchronized void stop(boolean staleness) {
    stopped = true;
    loops.values().forEach(l -> l.stop(staleness));
    loops = new LinkedHashMap<>();
  }

  synchronized List<ScrapeLoop> loops() {
    return new ArrayList<>(loops.values());
  }

  synchronized List<DroppedTarget> dropped() {
    return dropped;
  }

  String name() {
    return name;
  }
}
