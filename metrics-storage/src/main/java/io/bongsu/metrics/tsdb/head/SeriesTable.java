package io.bongsu.metrics.tsdb.head;

import io.bongsu.common.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Series by label set: open addressing with linear probing over an array of series and a
 * parallel array of label hashes, about 14 bytes per series where a {@code ConcurrentHashMap}
 * takes a 32-byte node and its table slot. A probe compares hashes in the int array and touches a
 * series (and its labels) only when the hash matches.
 *
 * <p>Writers hold the head's index lock. Readers take no lock: a slot's hash is written before
 * the series is published into it with release semantics, and a grown table is published as a
 * whole through a volatile field, so a reader sees either the old or the new table, each complete
 * for what it holds. Like a concurrent map, a lookup racing an insert may miss the new series;
 * callers that create series look again under the lock.
 */
final class SeriesTable {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(MemSeries[].class);
  /** Marks a removed entry, so probes for entries placed after it go on past it. */
  private static final MemSeries DELETED = new MemSeries(0, Labels.EMPTY);
  private static final int MIN_CAPACITY = 16;

  private static final class Slots {
    final MemSeries[] series;
    final int[] hashes;

    Slots(int capacity) {
      series = new MemSeries[capacity];
      hashes = new int[capacity];
    }
  }

  private volatile Slots slots;
  private volatile int size;
  /** Live and deleted slots; the table grows or is rebuilt when they fill three quarters. */
  private int used;

  SeriesTable(int expected) {
    slots = new Slots(capacityFor(expected));
  }

  /** The smallest power of two keeping n entries at most half full. */
  private static int capacityFor(int n) {
    int c = MIN_CAPACITY;
    while (c < 2L * n && c < (1 << 30)) {
      c <<= 1;
    }
    return c;
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }

  int size() {
    return size;
  }

  MemSeries get(Labels labels) {
    Slots t = slots;
    int h = labels.hashCode();
    int mask = t.series.length - 1;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      MemSeries s = (MemSeries) SLOT.getAcquire(t.series, i);
      if (s == null) {
        return null;
      }
      if (t.hashes[i] == h && s != DELETED && s.labels.equals(labels)) {
        return s;
      }
    }
  }

  /** Adds a series whose labels are not in the table yet. Caller holds the index lock. */
  void add(MemSeries s) {
    if ((used + 1) * 4L > slots.series.length * 3L) {
      rebuild(capacityFor(size + 1));
    }
    if (place(slots, s)) {
      used++;
    }
    size++;
  }

  /** Inserts at the first free or deleted slot; returns whether it took a free one. */
  private static boolean place(Slots t, MemSeries s) {
    int h = s.labels.hashCode();
    int mask = t.series.length - 1;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      MemSeries cur = t.series[i];
      if (cur == null || cur == DELETED) {
        t.hashes[i] = h;
        SLOT.setRelease(t.series, i, s);
        return cur == null;
      }
    }
  }

  /** Removes exactly this series if present. Caller holds the index lock. */
  boolean remove(MemSeries s) {
    Slots t = slots;
    int h = s.labels.hashCode();
    int mask = t.series.length - 1;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      MemSeries cur = t.series[i];
      if (cur == null) {
        return false;
      }
      if (cur == s) {
        SLOT.setRelease(t.series, i, DELETED);
        size--;
        return true;
      }
    }
  }

  /**
   * Makes room for {@code n} series in all, so a bulk load does not rebuild on the way: the
   * smallest table that holds them below the growth threshold, as adding them one by one would
   * leave it, rather than half full.
   */
  void ensureCapacity(int n) {
    int c = MIN_CAPACITY;
    while (c * 3L < n * 4L && c < (1 << 30)) {
      c <<= 1;
    }
    if (c > slots.series.length) {
      rebuild(c);
    }
  }

  private void rebuild(int capacity) {
    Slots old = slots;
    Slots t = new Slots(Math.max(capacity, MIN_CAPACITY));
    int n = 0;
    for (MemSeries s : old.series) {
      if (s != null && s != DELETED) {
        place(t, s);
        n++;
      }
    }
    used = n;
    slots = t;
  }

  List<MemSeries> values() {
    MemSeries[] t = slots.series;
    List<MemSeries> out = new ArrayList<>(size);
    for (int i = 0; i < t.length; i++) {
      MemSeries s = (MemSeries) SLOT.getAcquire(t, i);
      if (s != null && s != DELETED) {
        out.add(s);
      }
    }
    return out;
  }
}
