package io.bongsu.promql;

import io.bongsu.common.labels.Labels;
import java.util.List;

/**
 * What a PromQL evaluation returns, shaped as the Prometheus HTTP API's {@code data} object:
 * {@code resultType} is one of "vector", "matrix", "scalar", "string".
 */
public sealed interface QueryResult {
  String resultType();

  /** One sample of an instant vector. */
  record Sample(Labels labels, long timestampMillis, double value) {}

  /** One series of a range result: timestamps and values side by side, in time order. */
  record SeriesPoints(Labels labels, long[] timestampsMillis, double[] values) {}

  record Vector(List<Sample> samples) implements QueryResult {
    public String resultType() {
      return "vector";
    }
  }

  record Matrix(List<SeriesPoints> series) implements QueryResult {
    public String resultType() {
      return "matrix";
    }
  }

  record Scalar(long timestampMillis, double value) implements QueryResult {
    public String resultType() {
      return "scalar";
    }
  }

  record StringResult(long timestampMillis, String value) implements QueryResult {
    public String resultType() {
      return "string";
    }
  }
}
