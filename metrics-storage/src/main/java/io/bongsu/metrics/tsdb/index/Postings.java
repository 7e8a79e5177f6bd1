package io.bongsu.metrics.tsdb.index;

import io.bongsu.common.labels.LabelMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Set algebra on sorted id arrays and the resolution of label matchers to ids. */
public final class Postings {
  public static final int[] EMPTY = new int[0];
  private static final String REGEX_META = ".+*?()[]{}|^$\\";

  private Postings() {}

  public static int[] intersect(int[] a, int[] b) {
    int[] out = new int[Math.min(a.length, b.length)];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        out[n++] = a[i];
        i++;
        j++;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  public static int[] subtract(int[] a, int[] b) {
    int[] out = new int[a.length];
    int j = 0;
    int n = 0;
    for (int x : a) {
      while (j < b.length && b[j] < x) {
        j++;
      }
      if (j >= b.length || b[j] != x) {
        out[n++] = x;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  public static int[] union(List<int[]> lists) {
    if (lists.isEmpty()) {
      return EMPTY;
    }
    if (lists.size() == 1) {
      return lists.get(0);
    }
    int total = 0;
    for (int[] l : lists) {
      total += l.length;
    }
    int[] all = new int[total];
    int k = 0;
    for (int[] l : lists) {
      System.arraycopy(l, 0, all, k, l.length);
      k += l.length;
    }
    Arrays.sort(all);
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (n == 0 || all[n - 1] != all[i]) {
        all[n++] = all[i];
      }
    }
    return Arrays.copyOf(all, n);
  }

  /**
   * Ids of series that match every matcher. Matchers that do not match the empty string select
   * by union of matching values' postings and are intersected; those that do (a missing label
   * counts as empty) are applied by subtracting the postings of the values they reject.
   */
  public static int[] select(PostingsReader index, List<LabelMatcher> matchers) {
    int[] result = null;
    List<LabelMatcher> subtractive = new ArrayList<>();
    for (LabelMatcher m : matchers) {
      if (m.matchesEmpty()) {
        subtractive.add(m);
        continue;
      }
      int[] ids = matching(index, m);
      result = result == null ? ids : intersect(result, ids);
      if (result.length == 0) {
        return EMPTY;
      }
    }
    if (result == null) {
      result = index.all();
    }
    for (LabelMatcher m : subtractive) {
      List<int[]> rejected = new ArrayList<>();
      for (String v : index.values(m.name())) {
        if (!m.matches(v)) {
          rejected.add(index.postings(m.name(), v));
        }
      }
      if (!rejected.isEmpty()) {
        result = subtract(result, union(rejected));
      }
    }
    return result;
  }

  private static int[] matching(PostingsReader index, LabelMatcher m) {
    if (m.type() == LabelMatcher.Type.EQ) {
      return index.postings(m.name(), m.value());
    }
    List<int[]> lists = new ArrayList<>();
    String[] literals = m.type() == LabelMatcher.Type.RE ? alternation(m.value()) : null;
    if (literals != null) {
      for (String v : literals) {
        if (m.matches(v)) {
          lists.add(index.postings(m.name(), v));
        }
      }
    } else {
      for (String v : index.values(m.name())) {
        if (m.matches(v)) {
          lists.add(index.postings(m.name(), v));
        }
      }
    }
    return union(lists);
  }

  /** The alternatives of a regex that is only {@code lit1|lit2|...}, else null. */
  static String[] alternation(String regex) {
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c != '|' && REGEX_META.indexOf(c) >= 0) {
        return null;
      }
    }
    return regex.split("\\|", -1);
  }
}
