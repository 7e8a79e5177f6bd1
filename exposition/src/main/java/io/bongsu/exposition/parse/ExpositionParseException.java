package io.bongsu.exposition.parse;

/**
 * Malformed exposition input. The only exception the parser throws for bad input; the scrape
 * loop turns it into {@code up 0} and the target's last error.
 */
public final class ExpositionParseException extends RuntimeException {
  private final int line;

  public ExpositionParseException(int line, String message) {
    super("line " + line + ": " + message, null, false, false);
    this.line = line;
  }

  /** The 1-based line number where the input went wrong. */
  public int line() {
    return line;
  }
}
