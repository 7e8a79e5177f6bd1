package io.bongsu.promql;

/** Evaluates PromQL against a storage; the HTTP API, rules and the console all go through it. */
public interface QueryEngine {
  /** Evaluates at one instant (Unix ms). */
  QueryResult instant(String query, long timeMillis) throws PromqlException;

  /** Evaluates at start, start+step, ... up to end (Unix ms); always a matrix. */
  QueryResult.Matrix range(String query, long startMillis, long endMillis, long stepMillis)
      throws PromqlException;
}
