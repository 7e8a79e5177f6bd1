package io.bongsu.metrics.api.selector;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a PromQL series selector such as {@code http_requests_total{job="api",code=~"5.."}}
 * or {@code {__name__=~"node_.*"}} into label matchers, for the API's {@code match[]}
 * parameters. Strings may use double quotes, single quotes or backticks, with Go's escapes.
 * Error messages follow PromQL's "line:column: parse error: ..." form.
 */
public final class SeriesSelectorParser {
  private final String in;
  private int pos;

  private SeriesSelectorParser(String in) {
    this.in = in;
  }

  public static List<LabelMatcher> parse(String selector) throws SelectorParseException {
    return new SeriesSelectorParser(selector).selector();
  }

  private List<LabelMatcher> selector() throws SelectorParseException {
    List<LabelMatcher> matchers = new ArrayList<>();
    skipSpace();
    if (pos >= in.length()) {
      throw error("unexpected end of input");
    }
    String metric = null;
    if (isMetricStart(in.charAt(pos))) {
      int start = pos;
      while (pos < in.length() && isMetricPart(in.charAt(pos))) {
        pos++;
      }
      metric = in.substring(start, pos);
      matchers.add(LabelMatcher.eq(Labels.METRIC_NAME, metric));
      skipSpace();
    }
    if (pos < in.length() && in.charAt(pos) == '{') {
      pos++;
      labelMatchers(matchers, metric);
    } else if (metric == null) {
      throw error("unexpected character: '" + in.charAt(pos) + "'");
    }
    skipSpace();
    if (pos < in.length()) {
      throw error("unexpected character after selector: '" + in.charAt(pos) + "'");
    }
    boolean anyNonEmpty = false;
    for (LabelMatcher m : matchers) {
      anyNonEmpty |= !m.matchesEmpty();
    }
    if (!anyNonEmpty) {
      throw new SelectorParseException(
          "1:1: parse error: vector selector must contain at least one non-empty matcher");
    }
    return matchers;
  }

  private void labelMatchers(List<LabelMatcher> out, String metric)
      throws SelectorParseException {
    while (true) {
      skipSpace();
      if (pos >= in.length()) {
        throw error("unexpected end of input inside braces");
      }
      if (in.charAt(pos) == '}') {
        pos++;
        return;
      }
      if (!isLabelStart(in.charAt(pos))) {
        throw error("unexpected character inside braces: '" + in.charAt(pos) + "'");
      }
      int start = pos;
      while (pos < in.length() && isLabelPart(in.charAt(pos))) {
        pos++;
      }
      String name = in.substring(start, pos);
      skipSpace();
      LabelMatcher.Type type = operator();
      skipSpace();
      String value = string();
      if (metric != null && name.equals(Labels.METRIC_NAME)) {
        throw new SelectorParseException("1:" + (start + 1)
            + ": parse error: metric name must not be set twice: \"" + metric + "\" or \""
            + value + "\"");
      }
      try {
        out.add(LabelMatcher.of(type, name, value));
      } catch (IllegalArgumentException e) {
        throw new SelectorParseException(
            "1:" + (start + 1) + ": parse error: " + e.getMessage());
      }
      skipSpace();
      if (pos < in.length() && in.charAt(pos) == ',') {
        pos++;
      } else if (pos < in.length() && in.charAt(pos) != '}') {
        throw error("unexpected character inside braces: '" + in.charAt(pos) + "'");
      }
    }
  }

  private LabelMatcher.Type operator() throws SelectorParseException {
    if (in.startsWith("=~", pos)) {
      pos += 2;
      return LabelMatcher.Type.RE;
    }
    if (in.startsWith("!~", pos)) {
      pos += 2;
      return LabelMatcher.Type.NRE;
    }
    if (in.startsWith("!=", pos)) {
      pos += 2;
      return LabelMatcher.Type.NEQ;
    }
    if (in.startsWith("=", pos)) {
      pos += 1;
      return LabelMatcher.Type.EQ;
    }
    throw error(pos < in.length()
        ? "unexpected character inside braces: '" + in.charAt(pos) + "', want a label matcher"
        : "unexpected end of input, want a label matcher");
  }

  private String string() throws SelectorParseException {
    if (pos >= in.length()) {
      throw error("unexpected end of input, want a string");
    }
    char quote = in.charAt(pos);
    if (quote != '"' && quote != '\'' && quote != '`') {
      throw error("unexpected character: '" + quote + "', want a quoted string");
    }
    int start = pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= in.length()) {
        throw errorAt(start, "unterminated quoted string");
      }
      char c = in.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (quote == '`') {
        sb.append(c);
      } else if (c == '\n') {
        throw errorAt(start, "unterminated quoted string");
      } else if (c == '\\') {
        escape(sb, quote);
      } else {
        sb.append(c);
      }
    }
  }

  private void escape(StringBuilder sb, char quote) throws SelectorParseException {
    if (pos >= in.length()) {
      throw error("unterminated escape sequence");
    }
    int escStart = pos - 1;
    char c = in.charAt(pos++);
    switch (c) {
      case 'a' -> sb.append('\u0007');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'v' -> sb.append('\u000b');
      case '\\' -> sb.append('\\');
      case 'x' -> sb.append((char) hex(2, escStart));
      case 'u' -> sb.appendCodePoint(codePoint(hex(4, escStart), escStart));
      case 'U' -> sb.appendCodePoint(codePoint(hex(8, escStart), escStart));
      default -> {
        if (c == quote) {
          sb.append(c);
        } else if (c >= '0' && c <= '7') {
          int v = c - '0';
          for (int i = 0; i < 2; i++) {
            if (pos >= in.length() || in.charAt(pos) < '0' || in.charAt(pos) > '7') {
              throw errorAt(escStart, "invalid octal escape sequence");
            }
            v = v * 8 + (in.charAt(pos++) - '0');
          }
          if (v > 255) {
            throw errorAt(escStart, "octal escape value > 255");
          }
          sb.append((char) v);
        } else {
          throw errorAt(escStart, "unknown escape sequence '\\" + c + "'");
        }
      }
    }
  }

  private int hex(int digits, int escStart) throws SelectorParseException {
    long v = 0;
    for (int i = 0; i < digits; i++) {
      int d = pos < in.length() ? Character.digit(in.charAt(pos), 16) : -1;
      if (d < 0) {
        throw errorAt(escStart, "invalid hex escape sequence");
      }
      v = v * 16 + d;
      pos++;
    }
    return (int) Math.min(v, Integer.MAX_VALUE);
  }

  private int codePoint(int v, int escStart) throws SelectorParseException {
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
      throw errorAt(escStart, "escape sequence is an invalid Unicode code point");
    }
    return v;
  }

  private void skipSpace() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isMetricStart(char c) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isMetricPart(char c) {
    return isMetricStart(c) || (c >= '0' && c <= '9');
  }

  private static boolean isLabelStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isLabelPart(char c) {
    return isLabelStart(c) || (c >= '0' && c <= '9');
  }

  private SelectorParseException error(String message) {
    return errorAt(pos, message);
  }

  private SelectorParseException errorAt(int at, String message) {
    return new SelectorParseException("1:" + (at + 1) + ": parse error: " + message);
  }
}
