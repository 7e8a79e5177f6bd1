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

  /** Lists more than this many times longer than the other are galloped through, not walked. */
  private static final int GALLOP_RATIO = 16;

  /**
   * The ids in both lists. When one list is much shorter, each of its ids is found in the longer
   * by exponential then binary search from the last match, so a selective matcher costs
   * O(small * log(large / small)) instead of a walk over the large list.
   */
  public static int[] intersect(int[] a, int[] b) {
    if (a.length > b.length) {
      int[] t = a;
      a = b;
      b = t;
    }
    if (a.length == 0) {
      return EMPTY;
    }
    int[] out = new int[a.length];
    int n = a.length * GALLOP_RATIO < b.length ? gallop(a, b, out) : walk(a, b, out);
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private static int walk(int[] a, int[] b, int[] out) {
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
    return n;
  }

  private static int gallop(int[] small, int[] large, int[] out) {
    int n = 0;
    int lo = 0;
    for (int x : small) {
      lo = lowerBound(large, lo, x);
      if (lo == large.length) {
        break;
      }
      if (large[lo] == x) {
        out[n++] = x;
        lo++;
      }
    }
    return n;
  }

  /** The first index at or after {@code from} whose id is at least x (length when none). */
  static int lowerBound(int[] ids, int from, int x) {
    int step = 1;
    int hi = from;
    while (hi < ids.length && ids[hi] < x) {
      from = hi + 1;
      hi += step;
      step <<= 1;
    }
    int lo = from;
    hi = Math.min(hi, ids.length);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ids[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
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
    List<int[]> positive = new ArrayList<>(matchers.size());
    List<LabelMatcher> subtractive = new ArrayList<>();
    for (LabelMatcher m : matchers) {
      if (m.matchesEmpty()) {
        subtractive.add(m);
        continue;
      }
      int[] ids = matching(index, m);
      if (ids.length == 0) {
        return EMPTY;
      }
      positive.add(ids);
    }
    int[] result;
    if (positive.isEmpty()) {
      result = index.all();
    } else {
      // Shortest first: every intersection is then bounded by it and gallops through the rest.
      positive.sort((x, y) -> Integer.compare(x.length, y.length));
      result = positive.get(0);
      for (int i = 1; i < positive.size() && result.length > 0; i++) {
        result = intersect(result, positive.get(i));
      }
    }
    for (LabelMatcher m : subtractive) {
      if (result.length == 0) {
        return EMPTY;
      }
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
