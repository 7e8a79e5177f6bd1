package io.bongsu.promql.parser;

import io.bongsu.promql.ast.AggregationOp;
import io.bongsu.promql.ast.Formatter;

/** One lexed token; {@code pos} is its 0-based offset in the query text. */
record Token(Kind kind, String text, int pos, String str, double num) {
  enum Kind {
    NUMBER, DURATION, STRING, IDENT,
    LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET,
    COMMA, COLON, AT, ASSIGN, EQL_REGEX, NEQ_REGEX,
    ADD, SUB, MUL, DIV, MOD, POW, EQLC, NEQ, LSS, LTE, GTR, GTE,
    EOF
  }

  /** How Prometheus names the token in "unexpected ..." messages. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of input";
      case NUMBER -> "number \"" + text + "\"";
      case DURATION -> "duration \"" + text + "\"";
      case STRING -> "string " + quotedText();
      case IDENT -> describeWord();
      case LEFT_PAREN -> "\"(\"";
      case RIGHT_PAREN -> "\")\"";
      case LEFT_BRACE -> "\"{\"";
      case RIGHT_BRACE -> "\"}\"";
      case LEFT_BRACKET -> "\"[\"";
      case RIGHT_BRACKET -> "\"]\"";
      case COMMA -> "\",\"";
      case COLON -> "\":\"";
      case AT -> "<@>";
      case ASSIGN -> "\"=\"";
      default -> "<op:" + text + ">";
    };
  }

  /** Prometheus's item text: operators and aggregators tagged, other keywords in brackets. */
  private String describeWord() {
    if (!Lexer.isKeyword(text)) {
      return "identifier \"" + text + "\"";
    }
    String word = text.toLowerCase(java.util.Locale.ROOT);
    return switch (word) {
      case "and", "or", "unless", "atan2" -> "<op:" + word + ">";
      default -> AggregationOp.byName(word) != null ? "<aggr:" + word + ">" : "<" + word + ">";
    };
  }

  /** Go's %q of the raw token text, cut to 10 characters and "..." when longer (%.10q...). */
  private String quotedText() {
    StringBuilder sb = new StringBuilder();
    if (text.length() > 10) {
      int cut = text.offsetByCodePoints(0, Math.min(10, text.codePointCount(0, text.length())));
      Formatter.quote(text.substring(0, cut), sb);
      return sb.append("...").toString();
    }
    Formatter.quote(text, sb);
    return sb.toString();
  }
}
