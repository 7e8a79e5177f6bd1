package io.bongsu.agent.node;

/** The host has nothing for this collector (no such hardware, module or file). */
public final class NoDataException extends Exception {
  public NoDataException(String message) {
    super(message, null, false, false);
  }
}
