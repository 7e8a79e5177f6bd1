package io.bongsu.metrics.tsdb.head;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.tsdb.index.Postings;
import io.bongsu.metrics.tsdb.index.PostingsReader;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory part of the TSDB: series by labels and by reference, label strings interned in a
 * symbol table, and inverted postings (name -> value -> sorted refs).
 */
public final class Head implements PostingsReader {
  private final SeriesTable byLabels = new SeriesTable(0);
  private final ConcurrentHashMap<String, String> symbols = new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
  private final Map<String, Map<String, RefList>> postings = new HashMap<>();
  private final RefList allRefs = new RefList();
  private volatile MemSeries[] byRef = new MemSeries[1024];
  private int nextRef = 1;
  private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);

  /** Whether a bulk load is running: postings lists may be unsorted until it ends. */
  private boolean bulkLoad;

  /** A growable sorted int list; refs are added in increasing order. */
  private static final class RefList {
    int[] ids = new int[2];
    int n;

    void add(int id) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n * 2);
      }
      ids[n++] = id;
    }

    void sortIfNeeded() {
      for (int i = 1; i < n; i++) {
        if (ids[i - 1] > ids[i]) {
          Arrays.sort(ids, 0, n);
          return;
        }
      }
    }

    void remove(int id) {
      int i = Arrays.binarySearch(ids, 0, n, id);
      if (i >= 0) {
        System.arraycopy(ids, i + 1, ids, i, n - i - 1);
        n--;
      }
    }

    int[] copy() {
      return Arrays.copyOf(ids, n);
    }
  }

  public MemSeries get(long ref) {
    MemSeries[] arr = byRef;
    if (ref <= 0 || ref >= arr.length) {
      return null;
    }
    return arr[(int) ref];
  }

  public MemSeries get(Labels labels) {
    return byLabels.get(labels);
  }

  /** The series for these labels, created (with interned strings) when new. */
  public MemSeries getOrCreate(Labels labels) {
    MemSeries s = byLabels.get(labels);
    if (s != null) {
      return s;
    }
    return create(labels, 0, false);
  }

  /**
   * Creates a series with a given ref, as WAL replay does; returns the existing one if any.
   * {@code symbolsOnly}: every string of the labels came from {@link #symbol}, so they are not
   * looked up in the symbol table again.
   */
  public MemSeries createWithRef(Labels labels, int ref, boolean symbolsOnly) {
    return create(labels, ref, symbolsOnly);
  }

  /**
   * Sizes the series tables for {@code series} series with refs below {@code maxRef}, as the
   * WAL's checkpoint announces them, so a replay does not grow them step by step.
   */
  public void ensureCapacity(int series, int maxRef) {
    indexLock.writeLock().lock();
    try {
      byLabels.ensureCapacity(series);
      if (maxRef >= byRef.length) {
        byRef = Arrays.copyOf(byRef, maxRef + 1);
      }
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  /**
   * Starts a load (WAL replay) in which refs may come in any order, as a checkpoint writes them:
   * refs are appended as they come and unsorted lists sorted once in {@link #endBulkLoad()}, instead
   * of re-sorting a whole postings list per series, which made replay quadratic. Queries must not
   * run until the load ends.
   */
  public void beginBulkLoad() {
    indexLock.writeLock().lock();
    try {
      bulkLoad = true;
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  public void endBulkLoad() {
    indexLock.writeLock().lock();
    try {
      allRefs.sortIfNeeded();
      for (Map<String, RefList> values : postings.values()) {
        for (RefList l : values.values()) {
          l.sortIfNeeded();
        }
      }
      bulkLoad = false;
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  private MemSeries create(Labels labels, int wantRef, boolean symbolsOnly) {
    indexLock.writeLock().lock();
    try {
      MemSeries s = byLabels.get(labels);
      if (s != null) {
        return s;
      }
      int ref = wantRef > 0 ? wantRef : nextRef;
      if (ref >= nextRef) {
        nextRef = ref + 1;
      }
      s = new MemSeries(ref, symbolsOnly ? labels : interned(labels));
      MemSeries[] arr = byRef;
      if (ref >= arr.length) {
        arr = Arrays.copyOf(arr, Math.max(ref + 1, arr.length * 2));
      }
      arr[ref] = s;
      byRef = arr;
      for (int i = 0; i < s.labels.size(); i++) {
        postings.computeIfAbsent(s.labels.name(i), k -> new HashMap<>())
            .computeIfAbsent(s.labels.value(i), k -> new RefList()).add(ref);
      }
      if (bulkLoad) {
        allRefs.add(ref);
      } else if (allRefs.n > 0 && allRefs.ids[allRefs.n - 1] > ref) {
        int i = -Arrays.binarySearch(allRefs.ids, 0, allRefs.n, ref) - 1;
        allRefs.add(0);
        System.arraycopy(allRefs.ids, i, allRefs.ids, i + 1, allRefs.n - 1 - i);
        allRefs.ids[i] = ref;
        for (int j = 0; j < s.labels.size(); j++) {
          RefList l = postings.get(s.labels.name(j)).get(s.labels.value(j));
          Arrays.sort(l.ids, 0, l.n);
        }
      } else {
        allRefs.add(ref);
      }
      byLabels.add(s);
      return s;
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  /**
   * The labels with every string from the symbol table. The caller's own set is kept when its
   * strings are already the table's (or new to it): then a writer that hands the same instance back
   * with the series ref is recognised by identity, without comparing strings.
   */
  private Labels interned(Labels labels) {
    Labels.Builder b = null;
    for (int i = 0; i < labels.size(); i++) {
      String n = intern(labels.name(i));
      String v = intern(labels.value(i));
      if (b == null && (n != labels.name(i) || v != labels.value(i))) {
        b = new Labels.Builder();
        for (int j = 0; j < i; j++) {
          b.set(labels.name(j), labels.value(j));
        }
      }
      if (b != null) {
        b.set(n, v);
      }
    }
    return b == null ? labels : b.build();
  }

  /** The symbol table's instance of {@code s}, adding it when new. */
  public String symbol(String s) {
    return intern(s);
  }

  private String intern(String s) {
    String prev = symbols.putIfAbsent(s, s);
    return prev == null ? s : prev;
  }

  /** Forgets a series that holds no samples. */
  void remove(MemSeries s) {
    indexLock.writeLock().lock();
    try {
      if (byLabels.remove(s)) {
        byRef[s.ref] = null;
        allRefs.remove(s.ref);
        for (int i = 0; i < s.labels.size(); i++) {
          Map<String, RefList> values = postings.get(s.labels.name(i));
          RefList l = values.get(s.labels.value(i));
          l.remove(s.ref);
          if (l.n == 0) {
            values.remove(s.labels.value(i));
            if (values.isEmpty()) {
              postings.remove(s.labels.name(i));
            }
          }
        }
      }
    } finally {
      indexLock.writeLock().unlock();
    }
  }

  public void noteSample(long t) {
    minTime.accumulateAndGet(t, Math::min);
    maxTime.accumulateAndGet(t, Math::max);
  }

  public long minTime() {
    return minTime.get();
  }

  public long maxTime() {
    return maxTime.get();
  }

  public int numSeries() {
    return byLabels.size();
  }

  public List<MemSeries> allSeries() {
    return byLabels.values();
  }

  /** Drops samples before {@code end}, forgets emptied series and recomputes the head's min. */
  public void truncateBefore(long end) {
    long min = Long.MAX_VALUE;
    for (MemSeries s : allSeries()) {
      if (s.truncateBefore(end)) {
        remove(s);
      } else {
        min = Math.min(min, s.minTime());
      }
    }
    minTime.set(min);
    if (min == Long.MAX_VALUE) {
      maxTime.set(Long.MIN_VALUE);
    }
  }

  @Override
  public int[] all() {
    indexLock.readLock().lock();
    try {
      return allRefs.copy();
    } finally {
      indexLock.readLock().unlock();
    }
  }

  @Override
  public String[] values(String name) {
    indexLock.readLock().lock();
    try {
      Map<String, RefList> values = postings.get(name);
      return values == null ? new String[0] : values.keySet().toArray(new String[0]);
    } finally {
      indexLock.readLock().unlock();
    }
  }

  @Override
  public int[] postings(String name, String value) {
    indexLock.readLock().lock();
    try {
      Map<String, RefList> values = postings.get(name);
      RefList l = values == null ? null : values.get(value);
      return l == null ? Postings.EMPTY : l.copy();
    } finally {
      indexLock.readLock().unlock();
    }
  }

  /** Label name -> value -> series count, for statistics. */
  public Map<String, Map<String, Integer>> postingSizes() {
    indexLock.readLock().lock();
    try {
      Map<String, Map<String, Integer>> out = new HashMap<>();
      postings.forEach((n, values) -> {
        Map<String, Integer> m = new HashMap<>();
        values.forEach((v, l) -> m.put(v, l.n));
        out.put(n, m);
      });
      return out;
    } finally {
      indexLock.readLock().unlock();
    }
  }

  /** Chunks of series {@code ref} overlapping the range; the series' labels, or null if gone. */
  public Labels snapshot(int ref, List<ChunkRef> out, long mint, long maxt) {
    MemSeries s = get(ref);
    if (s == null) {
      return null;
    }
    s.snapshot(out, mint, maxt);
    return s.labels;
  }
}
