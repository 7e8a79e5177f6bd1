package io.bongsu.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The differential suite's comparison must catch every kind of difference it claims to. */
class ResultDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode vector(String... series) throws Exception {
    return JSON.readTree("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + String.join(",", series) + "]}}");
  }

  private static String sample(String labels, String time, String value) {
    return "{\"metric\":{" + labels + "},\"value\":[" + time + ",\"" + value + "\"]}";
  }

  private static JsonNode error(String type) throws Exception {
    return JSON.readTree("{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"x\"}");
  }

  @Test
  void vectorsCompareAsSetsUnlessOrdered() throws Exception {
    JsonNode ab = vector(sample("\"a\":\"1\"", "10", "1"), sample("\"a\":\"2\"", "10", "2"));
    JsonNode ba = vector(sample("\"a\":\"2\"", "10", "2"), sample("\"a\":\"1\"", "10", "1"));
    assertThat(ResultDiff.diff(ab, ba, false)).isNull();
    assertThat(ResultDiff.diff(ab, ba, true)).contains("order differs");
  }

  @Test
  void orderedComparisonAcceptsTiesInAnyOrder() throws Exception {
    JsonNode ab = vector(sample("\"a\":\"1\"", "10", "5"), sample("\"a\":\"2\"", "10", "5"));
    JsonNode ba = vector(sample("\"a\":\"2\"", "10", "5"), sample("\"a\":\"1\"", "10", "5"));
    assertThat(ResultDiff.diff(ab, ba, true)).isNull();
  }

  @Test
  void valuesMatchWithinOnePartPerMillionAndNanEqualsNan() throws Exception {
    assertThat(ResultDiff.diff(vector(sample("", "1", "1000000")),
        vector(sample("", "1", "1000000.9")), false)).isNull();
    assertThat(ResultDiff.diff(vector(sample("", "1", "1000000")),
        vector(sample("", "1", "1000001.1")), false)).contains("1000000 vs 1000001.1");
    assertThat(ResultDiff.diff(vector(sample("", "1", "NaN")), vector(sample("", "1", "NaN")),
        false)).isNull();
    assertThat(ResultDiff.diff(vector(sample("", "1", "NaN")), vector(sample("", "1", "0")),
        false)).isNotNull();
    assertThat(ResultDiff.diff(vector(sample("", "1", "+Inf")), vector(sample("", "1", "-Inf")),
        false)).isNotNull();
    assertThat(ResultDiff.diff(vector(sample("", "1", "0")), vector(sample("", "1", "1e-300")),
        false)).isNotNull();
  }

  @Test
  void timestampsAndLabelSetsMustBeEqual() throws Exception {
    assertThat(ResultDiff.diff(vector(sample("", "1.001", "1")), vector(sample("", "1.002", "1")),
        false)).contains("time");
    assertThat(ResultDiff.diff(vector(sample("\"a\":\"1\"", "1", "1")),
        vector(sample("\"a\":\"2\"", "1", "1")), false)).contains("missing 1").contains("extra 1");
    assertThat(ResultDiff.diff(vector(sample("\"a\":\"1\"", "1", "1")), vector(), false))
        .contains("1 series vs 0");
  }

  @Test
  void errorsCompareByStatusAndType() throws Exception {
    assertThat(ResultDiff.diff(error("bad_data"), error("bad_data"), false)).isNull();
    assertThat(ResultDiff.diff(error("bad_data"), error("execution"), false))
        .contains("errorType bad_data vs execution");
    assertThat(ResultDiff.diff(error("bad_data"), vector(), false)).contains("status error");
  }

  @Test
  void matricesCompareEveryPoint() throws Exception {
    JsonNode two = JSON.readTree("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
        + "\"result\":[{\"metric\":{},\"values\":[[1,\"1\"],[2,\"2\"]]}]}}");
    JsonNode one = JSON.readTree("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
        + "\"result\":[{\"metric\":{},\"values\":[[1,\"1\"]]}]}}");
    assertThat(ResultDiff.diff(two, two, false)).isNull();
    assertThat(ResultDiff.diff(two, one, false)).contains("2 points vs 1");
    assertThat(ResultDiff.diff(two, vector(), false)).contains("resultType matrix vs vector");
  }

  @Test
  void scalarsAndStringsCompareTheirValue() throws Exception {
    JsonNode s1 = JSON.readTree("{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
        + "\"result\":[1,\"a\"]}}");
    JsonNode s2 = JSON.readTree("{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
        + "\"result\":[1,\"b\"]}}");
    assertThat(ResultDiff.diff(s1, s1, false)).isNull();
    assertThat(ResultDiff.diff(s1, s2, false)).isEqualTo("a vs b");
  }

  @Test
  void orderIsDefinedOnlyForSortAndUngroupedTopkBottomk() {
    assertThat(PromqlDifferentialTest.orderDefined("sort_desc(up)")).isTrue();
    assertThat(PromqlDifferentialTest.orderDefined("(topk(3, up))")).isTrue();
    assertThat(PromqlDifferentialTest.orderDefined("topk by (job) (3, up)")).isFalse();
    assertThat(PromqlDifferentialTest.orderDefined("sum(sort(up))")).isFalse();
    assertThat(PromqlDifferentialTest.orderDefined("up{")).isFalse();
    assertThat(PromqlDifferentialTest.orderDefined("sort(x) + sort(y)")).isFalse();
    assertThat(PromqlDifferentialTest.orderDefined("topk(3, up) by (job)")).isFalse();
    assertThat(PromqlDifferentialTest.orderDefined(
        "sort(label_replace(up, \"a\", \")\", \"b\", \"(.*)\"))")).isTrue();
  }
}
