package io.bongsu.promql;

/**
 * A failed query, carrying the Prometheus API {@code errorType}: "bad_data" for parse and
 * argument errors (HTTP 400), "execution" for runtime errors (422), "timeout" (503),
 * "canceled" (503).
 */
public class PromqlException extends RuntimeException {
  private final String errorType;

  public PromqlException(String errorType, String message) {
    super(message, null, false, false);
    this.errorType = errorType;
  }

  public static PromqlException badData(String message) {
    return new PromqlException("bad_data", message);
  }

  public static PromqlException execution(String message) {
    return new PromqlException("execution", message);
  }

  public String errorType() {
    return errorType;
  }
}
