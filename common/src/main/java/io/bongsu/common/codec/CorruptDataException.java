package io.bongsu.common.codec;

/** Encoded bytes that cannot be decoded: truncated, out of range or inconsistent. */
public class CorruptDataException extends RuntimeException {
  public CorruptDataException(String message) {
    super(message);
  }

  public CorruptDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
