package io.bongsu.promql.parser;

import io.bongsu.promql.PromqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Splits PromQL text into tokens, decoding string escapes and number literals on the way. */
final class Lexer {
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "sum", "avg",
      "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values",
      "quantile", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
      "start", "end");

  private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|[smhdwy]))+");

  private final String in;
  private int pos;
  private int bracketDepth;
  private int parenDepth;
  private boolean braceOpen;
  private final List<Token> out = new ArrayList<>();

  private Lexer(String in) {
    this.in = in;
  }

  static boolean isKeyword(String s) {
    return KEYWORDS.contains(s.toLowerCase(Locale.ROOT));
  }

  static List<Token> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.out;
  }

  static PromqlException error(String input, int pos, String msg) {
    int line = 1;
    int lastBreak = -1;
    for (int i = 0; i < Math.min(pos, input.length()); i++) {
      if (input.charAt(i) == '\n') {
        line++;
        lastBreak = i;
      }
    }
    return PromqlException.badData(line + ":" + (pos - lastBreak) + ": parse error: " + msg);
  }

  private PromqlException error(int at, String msg) {
    return error(in, at, msg);
  }

  private void emit(Token.Kind k, int start) {
    out.add(new Token(k, in.substring(start, pos), start, null, 0));
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < in.length() ? in.charAt(i) : '\0';
  }

  private void run() {
    while (true) {
      while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
        pos++;
      }
      if (pos >= in.length()) {
        break;
      }
      int start = pos;
      char c = in.charAt(pos);
      if (braceOpen && lexInsideBraces(c, start)) {
        continue;
      }
      if (c == '#') {
        while (pos < in.length() && in.charAt(pos) != '\n') {
          pos++;
        }
        continue;
      }
      if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        lexNumberOrDuration();
        continue;
      }
      if (isIdentStart(c) || (c == ':' && bracketDepth == 0)) {
        pos++;
        while (pos < in.length() && (isAlnum(in.charAt(pos)) || in.charAt(pos) == ':')) {
          pos++;
        }
        String word = in.substring(start, pos);
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("nan")) {
          out.add(new Token(Token.Kind.NUMBER, word, start, null,
              lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN));
        } else {
          emit(Token.Kind.IDENT, start);
        }
        continue;
      }
      if (c == '"' || c == '\'') {
        lexString(c);
        continue;
      }
      if (c == '`') {
        int end = in.indexOf('`', pos + 1);
        if (end < 0) {
          throw error(start, "unterminated raw string");
        }
        pos = end + 1;
        out.add(new Token(Token.Kind.STRING, in.substring(start, pos), start,
            in.substring(start + 1, end), 0));
        continue;
      }
      if (c == '[') {
        pos++;
        if (bracketDepth > 0) {
          throw error(pos, "unexpected left bracket '['");
        }
        bracketDepth++;
        emit(Token.Kind.LEFT_BRACKET, start);
        lexRangeStart();
        continue;
      }
      pos++;
      char n = peek(0);
      Token.Kind k;
      switch (c) {
        case '(' -> {
          parenDepth++;
          k = Token.Kind.LEFT_PAREN;
        }
        case ')' -> {
          if (parenDepth == 0) {
            throw error(pos, "unexpected right parenthesis ')'");
          }
          parenDepth--;
          k = Token.Kind.RIGHT_PAREN;
        }
        case '{' -> {
          braceOpen = true;
          k = Token.Kind.LEFT_BRACE;
        }
        case ']' -> {
          bracketDepth = Math.max(0, bracketDepth - 1);
          k = Token.Kind.RIGHT_BRACKET;
        }
        case ',' -> k = Token.Kind.COMMA;
        case ':' -> k = Token.Kind.COLON;
        case '@' -> k = Token.Kind.AT;
        case '+' -> k = Token.Kind.ADD;
        case '-' -> k = Token.Kind.SUB;
        case '*' -> k = Token.Kind.MUL;
        case '/' -> k = Token.Kind.DIV;
        case '%' -> k = Token.Kind.MOD;
        case '^' -> k = Token.Kind.POW;
        case '=' -> {
          if (n == '=') {
            pos++;
            k = Token.Kind.EQLC;
          } else if (n == '~') {
            pos++;
            k = Token.Kind.EQL_REGEX;
          } else {
            k = Token.Kind.ASSIGN;
          }
        }
        case '!' -> {
          // Outside braces only != exists; !~ is a matcher operator.
          if (n == '=') {
            pos++;
            k = Token.Kind.NEQ;
          } else {
            throw error(start, "unexpected character after '!': " + describeChar(n));
          }
        }
        case '<' -> {
          if (n == '=') {
            pos++;
            k = Token.Kind.LTE;
          } else {
            k = Token.Kind.LSS;
          }
        }
        case '>' -> {
          if (n == '=') {
            pos++;
            k = Token.Kind.GTE;
          } else {
            k = Token.Kind.GTR;
          }
        }
        default -> throw error(start, "unexpected character: " + describeChar(c));
      }
      emit(k, start);
    }
    // Like Prometheus's lexer, an unbalanced end is an error only once the parser reaches it.
    String endError = braceOpen ? "unexpected end of input inside braces"
        : parenDepth > 0 ? "unclosed left parenthesis"
        : bracketDepth > 0 ? "unclosed left bracket" : null;
    out.add(new Token(Token.Kind.EOF, "", in.length(), endError, 0));
  }

  /**
   * Between braces only label names, strings, matcher operators, commas and the closing brace
   * may appear, with Prometheus's messages for anything else. Returns false for strings, which
   * the caller lexes as everywhere.
   */
  private boolean lexInsideBraces(char c, int start) {
    if (c == '"' || c == '\'' || c == '`') {
      return false;
    }
    pos++;
    char n = peek(0);
    Token.Kind k;
    if (isIdentStart(c)) {
      while (pos < in.length() && isAlnum(in.charAt(pos))) {
        pos++;
      }
      k = Token.Kind.IDENT;
    } else if (c == ',') {
      k = Token.Kind.COMMA;
    } else if (c == '}') {
      braceOpen = false;
      k = Token.Kind.RIGHT_BRACE;
    } else if (c == '=') {
      if (n == '~') {
        pos++;
        k = Token.Kind.EQL_REGEX;
      } else {
        k = Token.Kind.ASSIGN;
      }
    } else if (c == '!') {
      if (n == '=') {
        pos++;
        k = Token.Kind.NEQ;
      } else if (n == '~') {
        pos++;
        k = Token.Kind.NEQ_REGEX;
      } else {
        throw error(start, "unexpected character after '!' inside braces: " + describeChar(n));
      }
    } else if (c == '{') {
      throw error(start, "unexpected left brace '{'");
    } else {
      throw error(start, "unexpected character inside braces: " + describeChar(c));
    }
    emit(k, start);
    return true;
  }

  private static String describeChar(char c) {
    return c == '\0' ? "end of input" : "'" + c + "'";
  }

  /**
   * Prometheus's scan: a number (hex, fraction, exponent with possibly no digits) not followed
   * by a letter, digit or underscore, else digits and units up to the first character that
   * cannot continue a duration; the text read so far is what an error shows.
   */
  private void lexNumberOrDuration() {
    int start = pos;
    boolean hex = false;
    if (peek(0) == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos += 2;
      hex = true;
    }
    while (pos < in.length() && (hex ? isHex(in.charAt(pos)) : isDigit(in.charAt(pos)))) {
      pos++;
    }
    if (peek(0) == '.') {
      pos++;
      while (pos < in.length() && (hex ? isHex(in.charAt(pos)) : isDigit(in.charAt(pos)))) {
        pos++;
      }
    }
    if (peek(0) == 'e' || peek(0) == 'E') {
      pos++;
      if (peek(0) == '+' || peek(0) == '-') {
        pos++;
      }
      while (isDigit(peek(0))) {
        pos++;
      }
    }
    if (!isAlnum(peek(0))) {
      String text = in.substring(start, pos);
      out.add(new Token(Token.Kind.NUMBER, text, start, null, parseNumber(text, start)));
      return;
    }
    if (!acceptRemainingDuration()) {
      throw error(start, "bad number or duration syntax: \"" + in.substring(start, pos) + "\"");
    }
    emit(Token.Kind.DURATION, start);
  }

  /** Units and further digit-unit pairs after the leading digits; true when a duration ends. */
  private boolean acceptRemainingDuration() {
    if (!acceptUnit()) {
      return false;
    }
    while (isDigit(peek(0))) {
      while (isDigit(peek(0))) {
        pos++;
      }
      if (!acceptUnit()) {
        return false;
      }
    }
    if (pos >= in.length()) {
      return true;
    }
    // The character that ends the duration belongs to the error text when it is not an end.
    if (isAlnum(in.charAt(pos))) {
      pos++;
      return false;
    }
    return true;
  }

  private boolean acceptUnit() {
    if ("smhdwy".indexOf(peek(0)) < 0 || peek(0) == '\0') {
      return false;
    }
    pos++;
    if (peek(0) == 's') {
      pos++;
    }
    return true;
  }

  /**
   * A bracket must open with a duration: Prometheus's lexer rejects anything else there before
   * the grammar sees it, a bare number or no number alike.
   */
  private void lexRangeStart() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
    if (pos >= in.length()) {
      return;
    }
    int start = pos;
    int end = pos;
    boolean unit = false;
    while (end < in.length() && (isAlnum(in.charAt(end)) || in.charAt(end) == '.')) {
      unit |= !isDigit(in.charAt(end)) && in.charAt(end) != '.';
      end++;
    }
    if (!unit) {
      throw error(start, "missing unit character in duration");
    }
    String text = in.substring(start, end);
    if (!DURATION.matcher(text).matches()) {
      throw error(start, "not a valid duration string: \"" + text + "\"");
    }
    lexNumberOrDuration();
  }

  /** Integers as Go's ParseInt with base 0 (0x hex, leading-0 octal), else a decimal float. */
  private double parseNumber(String text, int start) {
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return new java.math.BigInteger(text.substring(2), 16).doubleValue();
      }
      if (text.length() > 1 && text.charAt(0) == '0' && text.chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
        return new java.math.BigInteger(text.substring(1), 8).doubleValue();
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error(start, "error parsing number: strconv.ParseFloat: parsing \"" + text
          + "\": invalid syntax");
    }
  }

  private void lexString(char quote) {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= in.length()) {
        throw error(start, "unterminated quoted string");
      }
      char c = in.charAt(pos++);
      if (c == quote) {
        break;
      }
      if (c == '\n') {
        throw error(start, "unterminated quoted string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= in.length()) {
        throw error(start, "escape sequence not terminated");
      }
      char e = in.charAt(pos++);
      switch (e) {
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append('\u000b');
        case '\\' -> sb.append('\\');
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          pos--;
          sb.append((char) readEscapeDigits(3, 8, 255, start));
        }
        case 'x' -> sb.append((char) readEscapeDigits(2, 16, 255, start));
        case 'u' -> appendCodePoint(sb, readEscapeDigits(4, 16, 0x10FFFF, start), start);
        case 'U' -> appendCodePoint(sb, readEscapeDigits(8, 16, 0x10FFFF, start), start);
        default -> {
          if (e == quote) {
            sb.append(e);
          } else {
            throw error(start, "unknown escape sequence " + goRune(e));
          }
        }
      }
    }
    out.add(new Token(Token.Kind.STRING, in.substring(start, pos), start, sb.toString(), 0));
  }

  private void appendCodePoint(StringBuilder sb, int cp, int start) {
    if (cp >= 0xD800 && cp < 0xE000) {
      throw error(start, "invalid escape sequence: surrogate half");
    }
    sb.appendCodePoint(cp);
  }

  private int readEscapeDigits(int n, int base, int max, int start) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = pos < in.length() ? in.charAt(pos) : '\0';
      int d = c < 128 ? Character.digit(c, base) : -1;
      if (d < 0) {
        throw error(start, "illegal character " + goRune(c) + " in escape sequence");
      }
      v = v * base + d;
      pos++;
    }
    if (v > max) {
      throw error(start, "escape sequence is an invalid Unicode code point");
    }
    return (int) v;
  }

  /** Go's %#U of a character: U+0071 'q'. */
  private static String goRune(char c) {
    return String.format(Locale.ROOT, "U+%04X '%c'", (int) c, c);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isAlnum(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
