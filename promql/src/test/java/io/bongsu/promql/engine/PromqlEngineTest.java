package io.bongsu.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.QueryResult;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromqlEngineTest {
  private final MemoryStorage storage = new MemoryStorage();

  @BeforeEach
  void load() {
    Appender a = storage.appender();
    for (int i = 0; i <= 100; i++) {
      for (String job : new String[] {"b", "a", "c"}) {
        a.append(0, Labels.of("__name__", "up", "job", job), i * 15_000L, i);
      }
    }
    a.commit();
  }

  @Test
  void instantQueryOfNumberIsScalarAndOfStringIsString() {
    PromqlEngine e = new PromqlEngine(storage, EngineOptions.defaults());
    assertThat(e.instant("1 + 1", 5000)).isEqualTo(new QueryResult.Scalar(5000, 2));
    assertThat(e.instant("\"hi\"", 5000)).isEqualTo(new QueryResult.StringResult(5000, "hi"));
    assertThat(e.instant("up", 30_000)).isInstanceOf(QueryResult.Vector.class);
    assertThat(e.instant("up[1m]", 60_000).resultType()).isEqualTo("matrix");
  }

  @Test
  void rangeQueryReturnsSeriesSortedByLabelsWithOnePointPerStep() {
    PromqlEngine e = new PromqlEngine(storage, EngineOptions.defaults());
    QueryResult.Matrix m = e.range("up * 2", 0, 60_000, 15_000);
    assertThat(m.series()).extracting(s -> s.labels().get("job")).containsExactly("a", "b", "c");
    assertThat(m.series().get(0).timestampsMillis()).containsExactly(0, 15_000, 30_000, 45_000, 60_000);
    assertThat(m.series().get(0).values()).containsExactly(0, 2, 4, 6, 8);
    assertThat(m.series().get(0).labels()).isEqualTo(Labels.of("job", "a"));
  }

  @Test
  void rangeQueryOfScalarIsOneSeriesWithoutLabels() {
    PromqlEngine e = new PromqlEngine(storage, EngineOptions.defaults());
    QueryResult.Matrix m = e.range("time()", 0, 20_000, 10_000);
    assertThat(m.series()).hasSize(1);
    assertThat(m.series().get(0).labels()).isEqualTo(Labels.EMPTY);
    assertThat(m.series().get(0).values()).containsExactly(0, 10, 20);
  }

  @Test
  void badRangeParametersAreBadData() {
    PromqlEngine e = new PromqlEngine(storage, EngineOptions.defaults());
    assertThatThrownBy(() -> e.range("up", 0, 10, 0))
        .isInstanceOf(PromqlException.class)
        .extracting(x -> ((PromqlException) x).errorType()).isEqualTo("bad_data");
    assertThatThrownBy(() -> e.range("up", 10, 0, 1))
        .extracting(x -> ((PromqlException) x).errorType()).isEqualTo("bad_data");
  }

  @Test
  void tooManySamplesIsAnExecutionError() {
    PromqlEngine e = new PromqlEngine(storage, EngineOptions.defaults().withMaxSamples(20));
    assertThatThrownBy(() -> e.instant("sum_over_time(up[5m])", 1_500_000))
        .isInstanceOf(PromqlException.class)
        .hasMessageContaining("query processing would load too many samples into memory")
        .extracting(x -> ((PromqlException) x).errorType()).isEqualTo("execution");
    assertThat(e.instant("up", 1_500_000)).isInstanceOf(QueryResult.Vector.class);
    assertThatThrownBy(() -> e.range("up", 0, 1_500_000, 15_000))
        .hasMessageContaining("too many samples");
  }

  @Test
  void exceedingTheTimeoutIsATimeoutError() {
    PromqlEngine e = new PromqlEngine(storage,
        EngineOptions.defaults().withTimeout(Duration.ofNanos(1)));
    assertThatThrownBy(() -> e.range("rate(up[5m])", 0, 1_500_000, 1000))
        .isInstanceOf(PromqlException.class)
        .hasMessage("query timed out in query execution")
        .extracting(x -> ((PromqlException) x).errorType()).isEqualTo("timeout");
  }

  @Test
  void lookbackDeltaIsConfigurable() {
    PromqlEngine shortLookback = new PromqlEngine(storage,
        EngineOptions.defaults().withLookbackDelta(Duration.ofSeconds(10)));
    assertThat(((QueryResult.Vector) shortLookback.instant("up", 1_500_000 + 10_000)).samples())
        .hasSize(3);
    assertThat(((QueryResult.Vector) shortLookback.instant("up", 1_500_000 + 10_001)).samples())
        .isEmpty();
  }

  @Test
  void subqueryWithoutStepUsesTheConfiguredDefault() {
    PromqlEngine e = new PromqlEngine(storage,
        EngineOptions.defaults().withDefaultSubqueryStep(Duration.ofSeconds(15)));
    QueryResult.Vector v = (QueryResult.Vector) e.instant("count_over_time(up{job=\"a\"}[1m:])", 60_000);
    assertThat(v.samples().get(0).value()).isEqualTo(5);
  }
}
