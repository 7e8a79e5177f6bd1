package io.bongsu.metrics.api.selector;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a PromQL series selector such as {@code http_requests_total{job="api",code=~"5.."}}
 * or {@code {__name__=~"node_.*"}} into label matchers, for the API's {@code match[]}
 * parameters. Strings may use double quotes, single quotes or backticks, with Go's escapes.
 * Errors read as Prometheus 2.42's parser words them ("1:8: parse error: unexpected "}" in label
 * matching, expected string"), except regex syntax errors, which carry Java's description.
 */
public final class SeriesSelectorParser {
  private enum Kind { IDENT, STRING, NUMBER, OPERATOR, PUNCT, EOF }

  private final String in;
  private int pos;
  private Kind kind;
  private int tokStart;
  private String text;
  /** The decoded value of a STRING token. */
  private String value;

  private SeriesSelectorParser(String in) {
    this.in = in;
  }

  /** Parses one selector; it may consist of matchers that all match the empty string. */
  public static List<LabelMatcher> parse(String selector) throws SelectorParseException {
    return new SeriesSelectorParser(selector).selector();
  }

  private List<LabelMatcher> selector() throws SelectorParseException {
    List<LabelMatcher> matchers = new ArrayList<>();
    next(false);
    boolean named = false;
    if (kind == Kind.IDENT) {
      matchers.add(LabelMatcher.eq(Labels.METRIC_NAME, text));
      named = true;
      next(false);
    }
    if (kind == Kind.PUNCT && text.equals("{")) {
      labelMatchers(matchers);
      next(false);
    } else if (!named) {
      throw unexpected(null, null);
    }
    if (kind != Kind.EOF) {
      throw unexpected(null, null);
    }
    return matchers;
  }

  private void labelMatchers(List<LabelMatcher> out) throws SelectorParseException {
    while (true) {
      next(true);
      if (isPunct("}")) {
        return;
      }
      if (kind != Kind.IDENT) {
        throw unexpected("label matching", "identifier or \"}\"");
      }
      String name = text;
      int nameStart = tokStart;
      next(true);
      if (kind != Kind.OPERATOR) {
        throw unexpected("label matching", "label matching operator");
      }
      LabelMatcher.Type type = switch (text) {
        case "=" -> LabelMatcher.Type.EQ;
        case "!=" -> LabelMatcher.Type.NEQ;
        case "=~" -> LabelMatcher.Type.RE;
        default -> LabelMatcher.Type.NRE;
      };
      next(true);
      if (kind != Kind.STRING) {
        throw unexpected("label matching", "string");
      }
      try {
        out.add(LabelMatcher.of(type, name, value));
      } catch (IllegalArgumentException e) {
        throw errorAt(nameStart, e.getMessage());
      }
      next(true);
      if (isPunct("}")) {
        return;
      }
      if (!isPunct(",")) {
        throw unexpected("label matching", "\",\" or \"}\"");
      }
    }
  }

  private boolean isPunct(String p) {
    return kind == Kind.PUNCT && text.equals(p);
  }

  // --- lexer ---

  private void next(boolean insideBraces) throws SelectorParseException {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
    tokStart = pos;
    if (pos >= in.length()) {
      if (insideBraces) {
        throw errorAt(pos, "unexpected end of input inside braces");
      }
      kind = Kind.EOF;
      text = "";
      return;
    }
    char c = in.charAt(pos);
    if (isIdentStart(c, !insideBraces)) {
      while (pos < in.length() && isIdentPart(in.charAt(pos), !insideBraces)) {
        pos++;
      }
      token(Kind.IDENT);
    } else if (c == '"' || c == '\'' || c == '`') {
      value = string(c);
      token(Kind.STRING);
    } else if (c == '=' || (c == '!' && pos + 1 < in.length()
        && (in.charAt(pos + 1) == '=' || in.charAt(pos + 1) == '~'))) {
      boolean twoChars = c == '!'
          || (pos + 1 < in.length() && in.charAt(pos + 1) == '~');
      pos += twoChars ? 2 : 1;
      token(Kind.OPERATOR);
    } else if (c == ',' || c == '{' || (c == '}' && insideBraces)) {
      pos++;
      token(Kind.PUNCT);
    } else if (!insideBraces && (c == '(' || c == ')' || c == '[' || c == ']')) {
      pos++;
      token(Kind.PUNCT);
    } else if (!insideBraces && (Character.isDigit(c) || c == '.')) {
      while (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos))
          || in.charAt(pos) == '.')) {
        pos++;
      }
      token(Kind.NUMBER);
    } else {
      throw errorAt(pos, "unexpected character" + (insideBraces ? " inside braces" : "")
          + ": '" + c + "'");
    }
  }

  private void token(Kind k) {
    kind = k;
    text = in.substring(tokStart, pos);
  }

  private String string(char quote) throws SelectorParseException {
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
        escape(sb, quote, start);
      } else {
        sb.append(c);
      }
    }
  }

  private void escape(StringBuilder sb, char quote, int start) throws SelectorParseException {
    if (pos >= in.length()) {
      throw errorAt(start, "unterminated quoted string");
    }
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
      case 'x' -> sb.append((char) hex(2, start));
      case 'u' -> sb.appendCodePoint(codePoint(hex(4, start), start));
      case 'U' -> sb.appendCodePoint(codePoint(hex(8, start), start));
      default -> {
        if (c == quote) {
          sb.append(c);
        } else if (c >= '0' && c <= '7') {
          int v = c - '0';
          for (int i = 0; i < 2; i++) {
            if (pos >= in.length() || in.charAt(pos) < '0' || in.charAt(pos) > '7') {
              throw errorAt(start, "illegal character in escape sequence");
            }
            v = v * 8 + (in.charAt(pos++) - '0');
          }
          if (v > 255) {
            throw errorAt(start, "octal escape value > 255: " + v);
          }
          sb.append((char) v);
        } else {
          throw errorAt(start, String.format("unknown escape sequence U+%04X '%c'", (int) c, c));
        }
      }
    }
  }

  private int hex(int digits, int start) throws SelectorParseException {
    long v = 0;
    for (int i = 0; i < digits; i++) {
      int d = pos < in.length() ? Character.digit(in.charAt(pos), 16) : -1;
      if (d < 0) {
        throw errorAt(start, "illegal character in escape sequence");
      }
      v = v * 16 + d;
      pos++;
    }
    return (int) Math.min(v, Integer.MAX_VALUE);
  }

  private int codePoint(int v, int start) throws SelectorParseException {
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
      throw errorAt(start, "escape sequence is an invalid Unicode code point");
    }
    return v;
  }

  private static boolean isIdentStart(char c, boolean colon) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (colon && c == ':');
  }

  private static boolean isIdentPart(char c, boolean colon) {
    return isIdentStart(c, colon) || (c >= '0' && c <= '9');
  }

  // --- errors ---

  /** PromQL's "unexpected <token>[ in <context>][, expected <what>]". */
  private SelectorParseException unexpected(String context, String expected) {
    StringBuilder sb = new StringBuilder("unexpected ").append(describe());
    if (context != null) {
      sb.append(" in ").append(context);
    }
    if (expected != null) {
      sb.append(", expected ").append(expected);
    }
    return errorAt(tokStart, sb.toString());
  }

  private String describe() {
    return switch (kind) {
      case EOF -> "end of input";
      case IDENT -> "identifier " + goQuote(text);
      case NUMBER -> "number " + goQuote(text);
      case STRING -> "string " + (text.codePointCount(0, text.length()) > 10
          ? goQuote(text.substring(0, text.offsetByCodePoints(0, 10))) + "..."
          : goQuote(text));
      case OPERATOR, PUNCT -> goQuote(text);
    };
  }

  private static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private SelectorParseException errorAt(int at, String message) {
    return new SelectorParseException("1:" + (at + 1) + ": parse error: " + message);
  }
}
