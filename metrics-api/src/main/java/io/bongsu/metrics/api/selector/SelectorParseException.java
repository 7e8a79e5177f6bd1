package io.bongsu.metrics.api.selector;

/** A series selector that does not parse; the message says where and why. */
public final class SelectorParseException extends Exception {
  public SelectorParseException(String message) {
    super(message, null, false, false);
  }
}
