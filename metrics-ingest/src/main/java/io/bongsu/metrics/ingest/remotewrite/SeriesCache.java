package io.bongsu.metrics.ingest.remotewrite;

import io.bongsu.common.labels.Labels;
import java.util.Arrays;

/**
 * Series a receiver has seen, by their raw protobuf label bytes: a sender repeats the same series
 * in every request, so a hit skips decoding label strings, building {@link Labels} and the
 * storage's label lookup. Each entry keeps those bytes, so a hash match is confirmed by one array
 * comparison ({@link Entry#matches}) rather than a walk over the label strings; identical bytes
 * decode to identical labels, so the cached set can stand in for them.
 *
 * <p>Open addressing (linear probing) over a bounded probe window; lookups take no lock, inserts
 * are serialised. Entries leave a table only by a rebuild, so a lookup stops at the first empty
 * slot. The window is wide enough that the table stays at 25-50% load: with a window of 4, chance
 * clusters at 100k series made it double to 4M slots (16 MB, 140 B per series).
 * Entries unused for {@link #IDLE_EPOCHS} epochs (minutes) are swept before the table grows, so
 * churned series do not accumulate.
 */
final class SeriesCache {
  private static final int PROBES = 32;
  private static final int MIN_SLOTS = 4;
  private static final int MAX_SLOTS = 1 << 24;
  static final int IDLE_EPOCHS = 60;

  static final class Entry {
    final long hash;
    /** The label fields exactly as they were on the wire (tags and lengths included). */
    final byte[] key;
    final Labels labels;
    final long ref;
    /** Last epoch a request used it; written racily, only read by the sweep. */
    int lastUsed;

    Entry(long hash, byte[] key, Labels labels, long ref, int epoch) {
      this.hash = hash;
      this.key = key;
      this.labels = labels;
      this.ref = ref;
      this.lastUsed = epoch;
    }

    /** Whether {@code b[from, to)} are this entry's label bytes. */
    boolean matches(byte[] b, int from, int to) {
      return Arrays.equals(key, 0, key.length, b, from, to);
    }
  }

  private volatile Entry[] table;
  private int size;
  /** Size at which the next put sweeps or grows the table. */
  private int threshold;

  SeriesCache(int initialSlots) {
    if (Integer.bitCount(initialSlots) != 1 || initialSlots < MIN_SLOTS) {
      throw new IllegalArgumentException("slots must be a power of two of at least " + MIN_SLOTS);
    }
    table = new Entry[initialSlots];
    threshold = initialSlots / 2;
  }

  /** The entry with this hash, marked used in {@code epoch}, or null. */
  Entry get(long hash, int epoch) {
    Entry[] t = table;
    int mask = t.length - 1;
    int i = slot(hash, mask);
    for (int p = 0; p < PROBES; p++) {
      Entry e = t[(i + p) & mask];
      if (e == null) {
        return null;
      }
      if (e.hash == hash) {
        if (e.lastUsed != epoch) {
          e.lastUsed = epoch;
        }
        return e;
      }
    }
    return null;
  }

  /**
   * Remembers the series whose label fields are {@code key} (not copied), replacing an entry with
   * the same hash.
   */
  synchronized void put(long hash, byte[] key, Labels labels, long ref, int epoch) {
    if (size >= threshold) {
      rebuild(epoch, false);
    }
    Entry e = new Entry(hash, key, labels, ref, epoch);
    int r = insert(table, e);
    if (r == FULL && table.length < MAX_SLOTS) {
      rebuild(epoch, true);
      r = insert(table, e);
    }
    if (r == INSERTED) {
      size++;
    } else if (r == FULL) {
      // Probe window full at the size limit: the first slot's entry makes room.
      Entry[] t = table;
      t[slot(hash, t.length - 1)] = e;
    }
  }

  synchronized int size() {
    return size;
  }

  int slots() {
    return table.length;
  }

  /**
   * Drops idle entries into a new table, larger while a quarter of it would be in use, or when
   * {@code grow} asks for it (a probe window overflowed).
   */
  private void rebuild(int epoch, boolean grow) {
    Entry[] old = table;
    int live = 0;
    for (Entry e : old) {
      if (e != null && epoch - e.lastUsed < IDLE_EPOCHS) {
        live++;
      }
    }
    int slots = grow ? Math.min(old.length * 2, MAX_SLOTS) : old.length;
    while (live >= slots / 4 && slots < MAX_SLOTS) {
      slots *= 2;
    }
    Entry[] next = new Entry[slots];
    int n = 0;
    for (Entry e : old) {
      if (e != null && epoch - e.lastUsed < IDLE_EPOCHS && insert(next, e) == INSERTED) {
        n++;
      }
    }
    table = next;
    size = n;
    // At the size limit a full table stays lossy rather than being swept on every put.
    threshold = Math.max(slots / 2, n + slots / 16);
  }

  private static final int INSERTED = 1;
  private static final int REPLACED = 0;
  private static final int FULL = -1;

  /** Puts e in an empty slot or over the entry of the same hash, or reports the window full. */
  private static int insert(Entry[] t, Entry e) {
    int mask = t.length - 1;
    int i = slot(e.hash, mask);
    for (int p = 0; p < PROBES; p++) {
      int k = (i + p) & mask;
      Entry cur = t[k];
      if (cur == null) {
        t[k] = e;
        return INSERTED;
      }
      if (cur.hash == e.hash) {
        t[k] = e;
        return REPLACED;
      }
    }
    return FULL;
  }

  private static int slot(long hash, int mask) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }
}
