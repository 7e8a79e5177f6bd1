package io.bongsu.metrics.scrape;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * An open-addressing map from byte strings to values, looked up by a range of a larger buffer so
 * recognising a known series in a scrape body allocates nothing.
 */
final class ByteKeyMap<V> {
  private byte[][] keys;
  private int[] hashes;
  private Object[] values;
  private int size;

  ByteKeyMap() {
    allocate(64);
  }

  private void allocate(int capacity) {
    keys = new byte[capacity][];
    hashes = new int[capacity];
    values = new Object[capacity];
    size = 0;
  }

  static int hash(byte[] buf, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ buf[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(byte[] buf, int from, int to) {
    int h = hash(buf, from, to);
    int mask = keys.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      byte[] k = keys[i];
      if (k == null) {
        return null;
      }
      if (hashes[i] == h && Arrays.equals(k, 0, k.length, buf, from, to)) {
        return (V) values[i];
      }
    }
  }

  /** Adds a key not present yet (copying the bytes). */
  void put(byte[] buf, int from, int to, V value) {
    if ((size + 1) * 4 > keys.length * 3) {
      grow(keys.length * 2);
    }
    insert(Arrays.copyOfRange(buf, from, to), hash(buf, from, to), value);
  }

  private void insert(byte[] key, int h, Object value) {
    int mask = keys.length - 1;
    int i = h & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    hashes[i] = h;
    values[i] = value;
    size++;
  }

  private void grow(int capacity) {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    Object[] oldValues = values;
    allocate(capacity);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }

  /** Removes every entry whose value matches; rebuilds the table only when something goes. */
  @SuppressWarnings("unchecked")
  void removeIf(Predicate<V> drop) {
    int keep = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && !drop.test((V) values[i])) {
        keep++;
      }
    }
    if (keep == size) {
      return;
    }
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    Object[] oldValues = values;
    int capacity = 64;
    while (keep * 4 > capacity * 3) {
      capacity *= 2;
    }
    allocate(capacity);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null && !drop.test((V) oldValues[i])) {
        insert(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }

  @SuppressWarnings("unchecked")
  void forEachValue(java.util.function.Consumer<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        action.accept((V) values[i]);
      }
    }
  }
}
