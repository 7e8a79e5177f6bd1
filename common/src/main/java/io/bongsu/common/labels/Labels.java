package io.bongsu.common.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable set of label name/value pairs, sorted by name, as Prometheus, Loki and Tempo use
 * them. Names and values live in one flat array so a series key costs a single allocation.
 * Labels with an empty value are never stored: Prometheus treats them as absent.
 */
public final class Labels implements Comparable<Labels> {
  public static final String METRIC_NAME = "__name__";
  public static final Labels EMPTY = new Labels(new String[0]);

  /** name0, value0, name1, value1, ... sorted by name, no duplicates, no empty values. */
  private final String[] pairs;
  private int hash;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /** Builds from alternating names and values, in any order; later duplicates win. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs");
    }
    Builder b = new Builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public static Labels of(Map<String, String> map) {
    Builder b = new Builder();
    map.forEach(b::set);
    return b.build();
  }

  public int size() {
    return pairs.length / 2;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  public String name(int i) {
    return pairs[2 * i];
  }

  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of a label, or null when absent. */
  public String get(String name) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = pairs[2 * mid].compareTo(name);
      if (c == 0) {
        return pairs[2 * mid + 1];
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  /** The value of a label, or "" when absent, which is how matchers see a missing label. */
  public String getOrEmpty(String name) {
    String v = get(name);
    return v == null ? "" : v;
  }

  public boolean has(String name) {
    return get(name) != null;
  }

  public String metricName() {
    return get(METRIC_NAME);
  }

  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  public List<String> names() {
    List<String> names = new ArrayList<>(size());
    for (int i = 0; i < pairs.length; i += 2) {
      names.add(pairs[i]);
    }
    return names;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public Labels without(String... names) {
    Builder b = toBuilder();
    for (String n : names) {
      b.remove(n);
    }
    return b.build();
  }

  public Labels withoutMetricName() {
    return has(METRIC_NAME) ? without(METRIC_NAME) : this;
  }

  /** Keeps only the given names. */
  public Labels keepOnly(java.util.Collection<String> names) {
    Builder b = new Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (names.contains(pairs[i])) {
        b.set(pairs[i], pairs[i + 1]);
      }
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels other)) {
      return false;
    }
    return hashCode() == other.hashCode() && Arrays.equals(pairs, other.pairs);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  /** Orders as Prometheus does: pair by pair, name first, then value; a prefix sorts first. */
  @Override
  public int compareTo(Labels o) {
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = pairs[i].compareTo(o.pairs[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pairs.length, o.pairs.length);
  }

  /** Prometheus's rendering: {@code {a="1", b="2"}} with Go-style escaping of values. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(pairs[i]).append("=\"");
      escape(pairs[i + 1], sb);
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  static void escape(String v, StringBuilder sb) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  /** Collects labels in any order; {@link #build()} sorts them and drops empty values. */
  public static final class Builder {
    private String[] pairs;
    private int n;

    public Builder() {
      pairs = new String[16];
    }

    private Builder(Labels base) {
      pairs = Arrays.copyOf(base.pairs, Math.max(16, base.pairs.length + 8));
      n = base.pairs.length;
    }

    public Builder set(String name, String value) {
      for (int i = 0; i < n; i += 2) {
        if (pairs[i].equals(name)) {
          pairs[i + 1] = value;
          return this;
        }
      }
      if (n + 2 > pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[n++] = name;
      pairs[n++] = value;
      return this;
    }

    public Builder remove(String name) {
      for (int i = 0; i < n; i += 2) {
        if (pairs[i].equals(name)) {
          System.arraycopy(pairs, i + 2, pairs, i, n - i - 2);
          n -= 2;
          return this;
        }
      }
      return this;
    }

    public String get(String name) {
      for (int i = 0; i < n; i += 2) {
        if (pairs[i].equals(name)) {
          return pairs[i + 1];
        }
      }
      return null;
    }

    public Builder reset() {
      n = 0;
      return this;
    }

    public Labels build() {
      int count = 0;
      for (int i = 0; i < n; i += 2) {
        if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
          count++;
        }
      }
      if (count == 0) {
        return EMPTY;
      }
      String[] out = new String[count * 2];
      int k = 0;
      for (int i = 0; i < n; i += 2) {
        if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
          out[k++] = pairs[i];
          out[k++] = pairs[i + 1];
        }
      }
      // Insertion sort by name: label sets are small and usually arrive sorted already.
      for (int i = 2; i < out.length; i += 2) {
        String name = out[i];
        String value = out[i + 1];
        int j = i - 2;
        while (j >= 0 && out[j].compareTo(name) > 0) {
          out[j + 2] = out[j];
          out[j + 3] = out[j + 1];
          j -= 2;
        }
        out[j + 2] = name;
        out[j + 3] = value;
      }
      return new Labels(out);
    }
  }
}
