package io.bongsu.metrics.api.json;

import io.bongsu.common.text.GoFloat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming JSON writer into a UTF-8 byte buffer, with string escaping exactly as Go's
 * encoding/json does it (HTML-safe: {@code <>&} as {@code \u003c} and so on), so the Prometheus
 * API's bytes can be reproduced. Commas are placed automatically.
 */
public final class JsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf = new byte[512];
  private int size;
  /** Per open container: whether it already has an element (bit set). */
  private long[] hasElement = new long[1];
  private int depth;
  private boolean afterName;

  public JsonWriter beginObject() {
    beforeValue();
    return open('{');
  }

  public JsonWriter endObject() {
    return close('}');
  }

  public JsonWriter beginArray() {
    beforeValue();
    return open('[');
  }

  public JsonWriter endArray() {
    return close(']');
  }

  public JsonWriter name(String name) {
    beforeValue();
    writeString(name);
    put((byte) ':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    beforeValue();
    writeString(s);
    return this;
  }

  public JsonWriter value(boolean b) {
    return raw(b ? "true" : "false");
  }

  public JsonWriter value(long v) {
    return raw(Long.toString(v));
  }

  /** Writes pre-formatted JSON text (a number) as one value. */
  public JsonWriter raw(CharSequence json) {
    beforeValue();
    ensure(json.length());
    for (int i = 0; i < json.length(); i++) {
      buf[size++] = (byte) json.charAt(i);
    }
    return this;
  }

  /** A Unix millisecond timestamp as Prometheus writes it, e.g. {@code 1435781451.781}. */
  public JsonWriter timestamp(long millis) {
    beforeValue();
    ensure(24);
    long t = millis;
    if (t < 0) {
      buf[size++] = '-';
      t = -t;
    }
    appendLong(t / 1000);
    int fraction = (int) (t % 1000);
    if (fraction != 0) {
      buf[size++] = '.';
      buf[size++] = (byte) ('0' + fraction / 100);
      buf[size++] = (byte) ('0' + fraction / 10 % 10);
      buf[size++] = (byte) ('0' + fraction % 10);
    }
    return this;
  }

  /** A sample value as the quoted string Prometheus writes, e.g. {@code "0.5"}, {@code "+Inf"}. */
  public JsonWriter sampleValue(double v) {
    beforeValue();
    String s = GoFloat.formatSampleValue(v);
    ensure(s.length() + 2);
    buf[size++] = '"';
    for (int i = 0; i < s.length(); i++) {
      buf[size++] = (byte) s.charAt(i);
    }
    buf[size++] = '"';
    return this;
  }

  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public int size() {
    return size;
  }

  private void appendLong(long v) {
    if (v == 0) {
      buf[size++] = '0';
      return;
    }
    int start = size;
    while (v > 0) {
      buf[size++] = (byte) ('0' + v % 10);
      v /= 10;
    }
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte b = buf[i];
      buf[i] = buf[j];
      buf[j] = b;
    }
  }

  private JsonWriter open(char c) {
    put((byte) c);
    depth++;
    if (depth / 64 >= hasElement.length) {
      hasElement = Arrays.copyOf(hasElement, hasElement.length * 2);
    }
    hasElement[depth / 64] &= ~(1L << (depth % 64));
    return this;
  }

  private JsonWriter close(char c) {
    depth--;
    put((byte) c);
    return this;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      long bit = 1L << (depth % 64);
      if ((hasElement[depth / 64] & bit) != 0) {
        put((byte) ',');
      } else {
        hasElement[depth / 64] |= bit;
      }
    }
  }

  private void writeString(String s) {
    ensure(s.length() * 3 + 2);
    buf[size++] = '"';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '"' -> escape('"');
          case '\\' -> escape('\\');
          case '\n' -> escape('n');
          case '\r' -> escape('r');
          case '\t' -> escape('t');
          case '<', '>', '&' -> unicodeEscape(c);
          default -> {
            if (c < 0x20) {
              unicodeEscape(c);
            } else {
              put((byte) c);
            }
          }
        }
      } else if (c < 0x800) {
        put((byte) (0xC0 | (c >> 6)));
        put((byte) (0x80 | (c & 0x3F)));
      } else if (c == '\u2028' || c == '\u2029') {
        unicodeEscape(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        put((byte) (0xF0 | (cp >> 18)));
        put((byte) (0x80 | ((cp >> 12) & 0x3F)));
        put((byte) (0x80 | ((cp >> 6) & 0x3F)));
        put((byte) (0x80 | (cp & 0x3F)));
      } else if (Character.isSurrogate(c)) {
        unicodeEscape('\ufffd');
      } else {
        put((byte) (0xE0 | (c >> 12)));
        put((byte) (0x80 | ((c >> 6) & 0x3F)));
        put((byte) (0x80 | (c & 0x3F)));
      }
    }
    put((byte) '"');
  }

  private void escape(char c) {
    put((byte) '\\');
    put((byte) c);
  }

  private void unicodeEscape(char c) {
    put((byte) '\\');
    put((byte) 'u');
    put(HEX[(c >> 12) & 0xF]);
    put(HEX[(c >> 8) & 0xF]);
    put(HEX[(c >> 4) & 0xF]);
    put(HEX[c & 0xF]);
  }

  private void put(byte b) {
    if (size == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[size++] = b;
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }
}
