package io.bongsu.common.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Property
  void buildSortsByNameAndKeepsTheLastValueOfADuplicate(
      @ForAll @Size(max = 20) List<@AlphaChars @StringLength(min = 1, max = 4) String> names,
      @ForAll @Size(max = 20) List<@StringLength(max = 3) String> values) {
    Labels.Builder b = new Labels.Builder();
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
      b.set(names.get(i), values.get(i));
      expected.put(names.get(i), values.get(i));
    }
    expected.values().removeIf(String::isEmpty);
    Labels labels = b.build();
    List<String> got = new ArrayList<>();
    labels.forEach((n, v) -> got.add(n + "=" + v));
    List<String> want = new ArrayList<>();
    expected.forEach((n, v) -> want.add(n + "=" + v));
    assertThat(got).isEqualTo(want);
    assertThat(labels).isEqualTo(Labels.of(expected)).hasSameHashCodeAs(Labels.of(expected));
  }

  @Test
  void emptyValuesAreAbsent() {
    Labels l = Labels.of("a", "", "b", "2");
    assertThat(l.size()).isEqualTo(1);
    assertThat(l.get("a")).isNull();
    assertThat(l.getOrEmpty("a")).isEmpty();
  }

  @Test
  void ordersPairByPairWithPrefixFirst() {
    assertThat(Labels.of("a", "1").compareTo(Labels.of("a", "1", "b", "1"))).isNegative();
    assertThat(Labels.of("a", "2").compareTo(Labels.of("a", "10"))).isPositive();
    assertThat(Labels.of("b", "1").compareTo(Labels.of("a", "1", "c", "1"))).isPositive();
  }

  @Test
  void rendersLikePrometheusWithEscapes() {
    assertThat(Labels.of("__name__", "up", "job", "a\"b\\c\nd"))
        .hasToString("{__name__=\"up\", job=\"a\\\"b\\\\c\\nd\"}");
  }

  @Test
  void regexMatchersAreAnchoredAndDotMatchesNewline() {
    LabelMatcher m = LabelMatcher.of(LabelMatcher.Type.RE, "job", "a.c");
    assertThat(m.matches("abc")).isTrue();
    assertThat(m.matches("a\nc")).isTrue();
    assertThat(m.matches("xabc")).isFalse();
    assertThat(LabelMatcher.of(LabelMatcher.Type.NRE, "job", "a|b").matches("ab")).isTrue();
  }

  @Test
  void missingLabelMatchesAsEmpty() {
    assertThat(LabelMatcher.eq("env", "").matches(Labels.of("job", "x"))).isTrue();
    assertThat(LabelMatcher.of(LabelMatcher.Type.NEQ, "env", "").matches(Labels.of("job", "x"))).isFalse();
  }

  @Test
  void badRegexIsAnIllegalArgumentWithTheRegexNamed() {
    assertThatThrownBy(() -> LabelMatcher.of(LabelMatcher.Type.RE, "a", "(")).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("`(`");
  }
}
