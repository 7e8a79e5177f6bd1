package io.bongsu.metrics.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PostingsTest {
  /** A tiny index over a list of label sets; ids are list positions. */
  private static final class ListIndex implements PostingsReader {
    private final Map<String, Map<String, List<Integer>>> map = new HashMap<>();
    private final int n;

    ListIndex(List<Labels> series) {
      n = series.size();
      for (int i = 0; i < series.size(); i++) {
        int id = i;
        series.get(i).forEach((k, v) -> map.computeIfAbsent(k, x -> new HashMap<>())
            .computeIfAbsent(v, x -> new ArrayList<>()).add(id));
      }
    }

    @Override
    public int[] all() {
      int[] ids = new int[n];
      for (int i = 0; i < n; i++) {
        ids[i] = i;
      }
      return ids;
    }

    @Override
    public String[] values(String name) {
      return map.getOrDefault(name, Map.of()).keySet().toArray(new String[0]);
    }

    @Override
    public int[] postings(String name, String value) {
      List<Integer> l = map.getOrDefault(name, Map.of()).get(value);
      return l == null ? Postings.EMPTY : l.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Provide
  Arbitrary<Labels> series() {
    Arbitrary<String> v = Arbitraries.of("", "a", "b", "ab", "c");
    return Combinators.combine(v, v, v).as((x, y, z) -> Labels.of("x", x, "y", y, "z", z));
  }

  @Provide
  Arbitrary<LabelMatcher> matcher() {
    return Combinators.combine(Arbitraries.of(LabelMatcher.Type.values()),
        Arbitraries.of("x", "y", "missing"),
        Arbitraries.of("", "a", "b", "a|b", "a.*", ".*", ".+", "ab|c|", "[ab]"))
        .as(LabelMatcher::of);
  }

  @Property(tries = 500)
  void selectAgreesWithMatchingEachSeries(
      @ForAll @Size(max = 40) List<@net.jqwik.api.From("series") Labels> series,
      @ForAll @Size(max = 3) List<@net.jqwik.api.From("matcher") LabelMatcher> matchers) {
    List<Integer> want = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      int id = i;
      if (matchers.stream().allMatch(m -> m.matches(series.get(id)))) {
        want.add(i);
      }
    }
    int[] got = Postings.select(new ListIndex(series), matchers);
    assertThat(got).containsExactly(want.stream().mapToInt(Integer::intValue).toArray());
  }

  @Property
  void setOperationsMatchSortedSets(@ForAll List<@net.jqwik.api.constraints.IntRange(max = 50) Integer> a,
      @ForAll List<@net.jqwik.api.constraints.IntRange(max = 50) Integer> b) {
    TreeSet<Integer> sa = new TreeSet<>(a);
    TreeSet<Integer> sb = new TreeSet<>(b);
    int[] pa = sa.stream().mapToInt(Integer::intValue).toArray();
    int[] pb = sb.stream().mapToInt(Integer::intValue).toArray();
    TreeSet<Integer> inter = new TreeSet<>(sa);
    inter.retainAll(sb);
    TreeSet<Integer> diff = new TreeSet<>(sa);
    diff.removeAll(sb);
    TreeSet<Integer> union = new TreeSet<>(sa);
    union.addAll(sb);
    assertThat(Postings.intersect(pa, pb)).containsExactly(toArray(inter));
    assertThat(Postings.subtract(pa, pb)).containsExactly(toArray(diff));
    assertThat(Postings.union(List.of(pa, pb))).containsExactly(toArray(union));
  }

  @Property(tries = 300)
  void intersectionOfAShortAndALongListMatchesTheSortedSetIntersection(
      @ForAll @Size(max = 12) List<@net.jqwik.api.constraints.IntRange(max = 5000) Integer> small,
      @ForAll @Size(min = 200, max = 3000)
          List<@net.jqwik.api.constraints.IntRange(max = 5000) Integer> large,
      @ForAll boolean shortFirst) {
    TreeSet<Integer> ss = new TreeSet<>(small);
    TreeSet<Integer> sl = new TreeSet<>(large);
    // Members of the long list make matches likely, not only coincidences.
    for (int i = 0; i < small.size(); i += 2) {
      int x = large.get(small.get(i) % large.size());
      ss.add(x);
    }
    TreeSet<Integer> want = new TreeSet<>(ss);
    want.retainAll(sl);
    int[] a = toArray(ss);
    int[] b = toArray(sl);
    int[] got = shortFirst ? Postings.intersect(a, b) : Postings.intersect(b, a);
    assertThat(got).containsExactly(toArray(want));
  }

  @Property
  void lowerBoundFindsTheFirstIdAtLeastTheTarget(
      @ForAll @Size(max = 300) List<@net.jqwik.api.constraints.IntRange(max = 1000) Integer> ids,
      @ForAll @net.jqwik.api.constraints.IntRange(min = -1, max = 1001) int x,
      @ForAll @net.jqwik.api.constraints.IntRange(max = 300) int fromSeed) {
    int[] sorted = toArray(new TreeSet<>(ids));
    int from = sorted.length == 0 ? 0 : fromSeed % (sorted.length + 1);
    int want = from;
    while (want < sorted.length && sorted[want] < x) {
      want++;
    }
    assertThat(Postings.lowerBound(sorted, from, x)).isEqualTo(want);
  }

  @Test
  void selectIntersectsTheShortestListFirstAndStopsAtAnEmptyResult() {
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      series.add(Labels.of("job", "node", "instance", "h" + (i % 100), "mode", "m" + (i % 7)));
    }
    int[] got = Postings.select(new ListIndex(series), List.of(
        LabelMatcher.of(LabelMatcher.Type.EQ, "job", "node"),
        LabelMatcher.of(LabelMatcher.Type.EQ, "instance", "h3"),
        LabelMatcher.of(LabelMatcher.Type.NEQ, "mode", "m3")));
    List<Integer> want = new ArrayList<>();
    for (int i = 3; i < 1000; i += 100) {
      if (i % 7 != 3) {
        want.add(i);
      }
    }
    assertThat(got).containsExactly(want.stream().mapToInt(Integer::intValue).toArray());
    assertThat(Postings.select(new ListIndex(series), List.of(
        LabelMatcher.of(LabelMatcher.Type.EQ, "instance", "h3"),
        LabelMatcher.of(LabelMatcher.Type.EQ, "mode", "none")))).isEmpty();
  }

  private static int[] toArray(TreeSet<Integer> s) {
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void onlyPlainAlternationsAreLookedUpDirectly() {
    assertThat(Postings.alternation("a|bc|")).containsExactly("a", "bc", "");
    assertThat(Postings.alternation("a.*")).isNull();
    assertThat(Postings.alternation("(a|b)")).isNull();
  }
}
