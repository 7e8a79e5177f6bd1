package io.bongsu.promql.parser;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.common.text.GoFloat;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.ast.AggregationOp;
import io.bongsu.promql.ast.AtModifier;
import io.bongsu.promql.ast.BinaryOp;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.FunctionDef;
import io.bongsu.promql.ast.ValueType;
import io.bongsu.promql.ast.VectorMatching;
import io.bongsu.promql.parser.Token.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Precedence-climbing parser for the whole PromQL language, checking types as Prometheus does.
 * Every failure is a {@link PromqlException} of type bad_data with a line:column position.
 */
public final class PromqlParser {
  private static final int MAX_DEPTH = 1000;

  private final String input;
  private final List<Token> tokens;
  private int i;
  private int depth;

  private PromqlParser(String input) {
    this.input = input;
    this.tokens = Lexer.lex(input);
  }

  /** Parses a whole query. */
  public static Expr parse(String input) throws PromqlException {
    PromqlParser p = new PromqlParser(input);
    if (p.peek().kind() == Kind.EOF) {
      throw Lexer.error(input, 0, "no expression found in input");
    }
    Expr e = p.parseExpr(0);
    if (p.peek().kind() != Kind.EOF) {
      throw p.unexpected(p.peek(), "");
    }
    return e;
  }

  /**
   * Parses a series selector as Prometheus's API reads match[]: a metric name and/or braces,
   * nothing else; unlike a query selector, all its matchers may match the empty string.
   */
  public static List<LabelMatcher> parseMetricSelector(String input) throws PromqlException {
    PromqlParser p = new PromqlParser(input);
    Token t = p.peek();
    // Prometheus's metric_identifier admits most keywords, set operators included.
    boolean name = t.kind() == Kind.IDENT && !Set.of("atan2", "on", "ignoring", "group_left",
        "group_right", "bool").contains(t.text().toLowerCase(Locale.ROOT));
    if (!name && t.kind() != Kind.LEFT_BRACE) {
      throw p.unexpected(t, "");
    }
    if (name) {
      p.next();
    }
    Expr.VectorSelector v = p.parseSelector(name ? t.text() : null, t.pos(), false);
    if (p.peek().kind() != Kind.EOF) {
      throw p.unexpected(p.peek(), "");
    }
    return v.matchers();
  }

  /** The next token; reaching an unbalanced end raises the lexer's error for it. */
  private Token peek() {
    Token t = tokens.get(i);
    if (t.kind() == Kind.EOF && t.str() != null) {
      throw error(t.pos(), t.str());
    }
    return t;
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(i + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = peek();
    if (t.kind() != Kind.EOF) {
      i++;
    }
    return t;
  }

  private PromqlException error(int pos, String msg) {
    return Lexer.error(input, pos, msg);
  }

  private PromqlException unexpected(Token t, String context) {
    return error(t.pos(), "unexpected " + t.describe() + context);
  }

  private Token expect(Kind k, String context) {
    Token t = next();
    if (t.kind() != k) {
      throw unexpected(t, context);
    }
    return t;
  }

  private boolean isWord(Token t, String word) {
    return t.kind() == Kind.IDENT && t.text().equalsIgnoreCase(word);
  }

  private Expr parseExpr(int minPrec) {
    if (++depth > MAX_DEPTH) {
      throw error(peek().pos(), "expression nested too deeply");
    }
    try {
      int lhsStart = peek().pos();
      Expr lhs = parseUnary();
      while (true) {
        Token opTok = peek();
        BinaryOp op = binaryOp(opTok);
        if (op == null || op.precedence() < minPrec) {
          return lhs;
        }
        next();
        boolean returnBool = false;
        if (isWord(peek(), "bool")) {
          next();
          returnBool = true;
        }
        VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
        List<String> matchingLabels = List.of();
        List<String> include = List.of();
        boolean on = false;
        boolean explicitMatching = false;
        if (isWord(peek(), "on") || isWord(peek(), "ignoring")) {
          on = isWord(next(), "on");
          explicitMatching = true;
          matchingLabels = parseLabelList(" in grouping opts");
          if (isWord(peek(), "group_left") || isWord(peek(), "group_right")) {
            card = isWord(next(), "group_left")
                ? VectorMatching.Cardinality.MANY_TO_ONE : VectorMatching.Cardinality.ONE_TO_MANY;
            if (peek().kind() == Kind.LEFT_PAREN) {
              include = parseLabelList(" in grouping opts");
            }
          }
        }
        int rhsStart = peek().pos();
        Expr rhs = parseExpr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
        lhs = binary(opTok, op, lhs, rhs, returnBool,
            new VectorMatching(card, matchingLabels, on, include), explicitMatching, lhsStart,
            rhsStart);
      }
    } finally {
      depth--;
    }
  }

  private BinaryOp binaryOp(Token t) {
    return switch (t.kind()) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      case EQLC -> BinaryOp.EQL;
      case NEQ -> BinaryOp.NEQ;
      case LSS -> BinaryOp.LSS;
      case LTE -> BinaryOp.LTE;
      case GTR -> BinaryOp.GTR;
      case GTE -> BinaryOp.GTE;
      case IDENT -> switch (t.text().toLowerCase(Locale.ROOT)) {
        case "and" -> BinaryOp.AND;
        case "or" -> BinaryOp.OR;
        case "unless" -> BinaryOp.UNLESS;
        case "atan2" -> BinaryOp.ATAN2;
        default -> null;
      };
      default -> null;
    };
  }

  /** Type errors point where Prometheus points: at the operand, or at the whole expression. */
  private Expr binary(Token opTok, BinaryOp op, Expr lhs, Expr rhs, boolean returnBool,
      VectorMatching vm, boolean explicitMatching, int lhsStart, int rhsStart) {
    ValueType lt = lhs.type();
    ValueType rt = rhs.type();
    int pos = opTok.pos();
    if (returnBool && !op.isComparison()) {
      throw error(pos, "bool modifier can only be used on comparison operators");
    }
    if (op.isComparison() && !returnBool && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      throw error(pos, "comparisons between scalars must use BOOL modifier");
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      throw error(lhsStart, "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      throw error(rhsStart, "binary expression must contain only scalar and instant vector types");
    }
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (explicitMatching && !vm.matchingLabels().isEmpty()) {
        throw error(lhsStart, "vector matching only allowed between instant vectors");
      }
      if (op.isSetOperator()) {
        throw error(lhsStart,
            "set operator \"" + op.text() + "\" not allowed in binary scalar expression");
      }
      return new Expr.Binary(op, lhs, rhs, returnBool, null);
    }
    if (op.isSetOperator()) {
      if (vm.card() != VectorMatching.Cardinality.ONE_TO_ONE) {
        throw error(lhsStart, "no grouping allowed for \"" + op.text() + "\" operation");
      }
      vm = new VectorMatching(VectorMatching.Cardinality.MANY_TO_MANY, vm.matchingLabels(),
          vm.on(), vm.include());
    }
    if (vm.on()) {
      for (String l : vm.include()) {
        if (vm.matchingLabels().contains(l)) {
          throw error(pos, "label \"" + l + "\" must not occur in ON and GROUP clause at once");
        }
      }
    }
    return new Expr.Binary(op, lhs, rhs, returnBool, vm);
  }

  private Expr parseUnary() {
    Token t = peek();
    if (t.kind() == Kind.ADD || t.kind() == Kind.SUB) {
      next();
      Expr operand = parseExpr(BinaryOp.POW.precedence());
      boolean negate = t.kind() == Kind.SUB;
      if (operand instanceof Expr.NumberLiteral n) {
        return negate ? new Expr.NumberLiteral(-n.value()) : n;
      }
      ValueType vt = operand.type();
      if (vt != ValueType.SCALAR && vt != ValueType.VECTOR) {
        throw error(t.pos(), "unary expression only allowed on expressions of type scalar or "
            + "instant vector, got \"" + vt + "\"");
      }
      return new Expr.Unary(negate, operand);
    }
    int start = t.pos();
    return parsePostfix(parsePrimary(), start);
  }

  /** Modifiers after e, which starts at start: errors about e point there, as Prometheus's. */
  private Expr parsePostfix(Expr e, int start) {
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.LEFT_BRACKET) {
        next();
        long range = parseDuration(" in subquery or range selector");
        if (peek().kind() == Kind.COLON) {
          next();
          long step = 0;
          if (peek().kind() == Kind.DURATION) {
            step = parseDuration(" in subquery");
          } else if (peek().kind() != Kind.RIGHT_BRACKET) {
            throw unexpected(peek(), " in subquery selector, expected duration or \"]\"");
          }
          if (peek().kind() == Kind.COLON) {
            throw error(peek().pos(), "unexpected colon ':'");
          }
          expect(Kind.RIGHT_BRACKET, " in subquery");
          if (e.type() != ValueType.VECTOR) {
            throw error(start, "subquery is only allowed on instant vector, got " + e.type()
                + " instead");
          }
          e = new Expr.Subquery(e, range, step, 0, null);
        } else {
          expect(Kind.RIGHT_BRACKET, " in range selector");
          if (!(e instanceof Expr.VectorSelector vs)) {
            throw error(t.pos(), "ranges only allowed for vector selectors");
          }
          if (vs.offsetMillis() != 0) {
            throw error(t.pos(), "no offset modifiers allowed before range");
          }
          if (vs.at() != null) {
            throw error(t.pos(), "no @ modifiers allowed before range");
          }
          e = new Expr.MatrixSelector(vs, range);
        }
      } else if (isWord(t, "offset")) {
        next();
        boolean negative = false;
        if (peek().kind() == Kind.SUB) {
          next();
          negative = true;
        } else if (peek().kind() == Kind.ADD) {
          next();
        }
        long off = parseDuration(" in offset");
        e = withOffset(e, negative ? -off : off, start);
      } else if (t.kind() == Kind.AT) {
        next();
        e = withAt(e, parseAt(start), start);
      } else {
        return e;
      }
    }
  }

  private AtModifier parseAt(int start) {
    Token t = next();
    if (isWord(t, "start") || isWord(t, "end")) {
      if (peek().kind() != Kind.LEFT_PAREN) {
        throw unexpected(peek(), " in @, expected timestamp");
      }
      next();
      expect(Kind.RIGHT_PAREN, " in @");
      return isWord(t, "start") ? AtModifier.START : AtModifier.END;
    }
    double sign = 1;
    if (t.kind() == Kind.SUB || t.kind() == Kind.ADD) {
      sign = t.kind() == Kind.SUB ? -1 : 1;
      t = next();
    }
    if (t.kind() != Kind.NUMBER) {
      throw unexpected(t, " in @, expected timestamp");
    }
    double sec = sign * t.num();
    double ms = Math.rint(sec * 1000);
    if (Double.isNaN(ms) || Double.isInfinite(ms) || ms > Long.MAX_VALUE || ms < Long.MIN_VALUE) {
      throw error(start, "timestamp out of bounds for @ modifier: " + goFixed6(sec));
    }
    return new AtModifier(AtModifier.Kind.TIMESTAMP, Math.round(sec * 1000));
  }

  /** Go's %f: six decimals, exactly rounded. */
  private static String goFixed6(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFloat.formatG(v);
    }
    return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }

  private Expr withOffset(Expr e, long off, int pos) {
    if (e instanceof Expr.VectorSelector v) {
      if (v.offsetMillis() != 0) {
        throw error(pos, "offset may not be set multiple times");
      }
      return new Expr.VectorSelector(v.name(), v.matchers(), off, v.at());
    }
    if (e instanceof Expr.MatrixSelector m) {
      if (m.selector().offsetMillis() != 0) {
        throw error(pos, "offset may not be set multiple times");
      }
      Expr.VectorSelector v = m.selector();
      return new Expr.MatrixSelector(
          new Expr.VectorSelector(v.name(), v.matchers(), off, v.at()), m.rangeMillis());
    }
    if (e instanceof Expr.Subquery s) {
      if (s.offsetMillis() != 0) {
        throw error(pos, "offset may not be set multiple times");
      }
      return new Expr.Subquery(s.expr(), s.rangeMillis(), s.stepMillis(), off, s.at());
    }
    throw error(pos, "offset modifier must be preceded by an instant vector selector or range "
        + "vector selector or a subquery");
  }

  private Expr withAt(Expr e, AtModifier at, int pos) {
    if (e instanceof Expr.VectorSelector v) {
      if (v.at() != null) {
        throw error(pos, "@ <timestamp> may not be set multiple times");
      }
      return new Expr.VectorSelector(v.name(), v.matchers(), v.offsetMillis(), at);
    }
    if (e instanceof Expr.MatrixSelector m) {
      Expr.VectorSelector v = m.selector();
      if (v.at() != null) {
        throw error(pos, "@ <timestamp> may not be set multiple times");
      }
      return new Expr.MatrixSelector(
          new Expr.VectorSelector(v.name(), v.matchers(), v.offsetMillis(), at), m.rangeMillis());
    }
    if (e instanceof Expr.Subquery s) {
      if (s.at() != null) {
        throw error(pos, "@ <timestamp> may not be set multiple times");
      }
      return new Expr.Subquery(s.expr(), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), at);
    }
    throw error(pos, "@ modifier must be preceded by an instant vector selector or range vector "
        + "selector or a subquery");
  }

  private long parseDuration(String context) {
    Token t = next();
    if (t.kind() != Kind.DURATION) {
      throw unexpected(t, context + ", expected duration");
    }
    long ms = durationMillis(t.text(), t.pos());
    if (ms == 0) {
      throw error(t.pos(), "duration must be greater than 0");
    }
    return ms;
  }

  /** Units must come largest first and at most once each, as Prometheus's ParseDuration wants. */
  private long durationMillis(String text, int pos) {
    String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
    long[] sizes = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    long total = 0;
    int next = 0;
    int p = 0;
    while (p < text.length()) {
      int start = p;
      while (p < text.length() && Lexer.isDigit(text.charAt(p))) {
        p++;
      }
      String unit = text.startsWith("ms", p) ? "ms" : text.substring(p, p + 1);
      p += unit.length();
      int u = next;
      while (u < units.length && !units[u].equals(unit)) {
        u++;
      }
      if (u == units.length) {
        throw error(pos, "not a valid duration string: \"" + text + "\"");
      }
      next = u + 1;
      try {
        total = Math.addExact(total, Math.multiplyExact(
            Long.parseLong(text.substring(start, p - unit.length())), sizes[u]));
      } catch (ArithmeticException | NumberFormatException e) {
        throw error(pos, "not a valid duration string: \"" + text + "\"");
      }
    }
    return total;
  }

  private Expr parsePrimary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER -> {
        next();
        return new Expr.NumberLiteral(t.num());
      }
      case STRING -> {
        next();
        return new Expr.StringLiteral(t.str());
      }
      case LEFT_PAREN -> {
        next();
        Expr inner = parseExpr(0);
        expect(Kind.RIGHT_PAREN, ", expected \")\"");
        return new Expr.Paren(inner);
      }
      case LEFT_BRACE -> {
        return parseSelector(null, t.pos());
      }
      case IDENT -> {
        Token after = peekAt(1);
        AggregationOp agg = AggregationOp.byName(t.text());
        if (agg != null && (after.kind() == Kind.LEFT_PAREN || isWord(after, "by")
            || isWord(after, "without"))) {
          next();
          return parseAggregation(agg, t);
        }
        if (binaryOp(t) != null || Lexer.isKeyword(t.text()) && !isMetricKeyword(t.text())) {
          throw unexpected(t, "");
        }
        // A keyword is never a function name: "start(" is the selector start, then "(".
        if (after.kind() == Kind.LEFT_PAREN && !Lexer.isKeyword(t.text())) {
          next();
          return parseCall(t);
        }
        next();
        return parseSelector(t.text(), t.pos());
      }
      default -> throw unexpected(t, "");
    }
  }

  /** Keywords Prometheus's grammar still accepts as a metric name. */
  private static boolean isMetricKeyword(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return AggregationOp.byName(w) != null || w.equals("by") || w.equals("without")
        || w.equals("offset") || w.equals("start") || w.equals("end");
  }

  private Expr.VectorSelector parseSelector(String name, int pos) {
    return parseSelector(name, pos, true);
  }

  private Expr.VectorSelector parseSelector(String name, int pos, boolean needNonEmpty) {
    List<LabelMatcher> matchers = new ArrayList<>();
    if (name != null) {
      matchers.add(LabelMatcher.eq(Labels.METRIC_NAME, name));
    }
    if (peek().kind() == Kind.LEFT_BRACE) {
      next();
      while (peek().kind() != Kind.RIGHT_BRACE) {
        Token label = next();
        if (label.kind() != Kind.IDENT || label.text().indexOf(':') >= 0) {
          throw unexpected(label, " in label matching, expected identifier or \"}\"");
        }
        Token op = next();
        LabelMatcher.Type type = switch (op.kind()) {
          case ASSIGN -> LabelMatcher.Type.EQ;
          case NEQ -> LabelMatcher.Type.NEQ;
          case EQL_REGEX -> LabelMatcher.Type.RE;
          case NEQ_REGEX -> LabelMatcher.Type.NRE;
          default -> throw unexpected(op, " in label matching, expected label matching operator");
        };
        Token value = next();
        if (value.kind() != Kind.STRING) {
          throw unexpected(value, " in label matching, expected string");
        }
        if (name != null && label.text().equals(Labels.METRIC_NAME)) {
          throw error(pos, "metric name must not be set twice: \"" + name + "\" or \""
              + value.str() + "\"");
        }
        try {
          matchers.add(LabelMatcher.of(type, label.text(), value.str()));
        } catch (IllegalArgumentException e) {
          throw error(label.pos(), e.getMessage());
        }
        if (peek().kind() == Kind.COMMA) {
          next();
        } else if (peek().kind() != Kind.RIGHT_BRACE) {
          throw unexpected(peek(), " in label matching, expected \",\" or \"}\"");
        }
      }
      next();
    }
    boolean anyNonEmpty = false;
    for (LabelMatcher m : matchers) {
      anyNonEmpty |= !m.matchesEmpty();
    }
    if (needNonEmpty && !anyNonEmpty) {
      throw error(pos, "vector selector must contain at least one non-empty matcher");
    }
    return new Expr.VectorSelector(name, List.copyOf(matchers), 0, null);
  }

  private List<String> parseLabelList(String context) {
    expect(Kind.LEFT_PAREN, context + ", expected \"(\"");
    List<String> labels = new ArrayList<>();
    while (peek().kind() != Kind.RIGHT_PAREN) {
      Token l = next();
      if (l.kind() != Kind.IDENT || l.text().indexOf(':') >= 0) {
        throw unexpected(l, context + ", expected label");
      }
      labels.add(l.text());
      if (peek().kind() == Kind.COMMA) {
        next();
      } else if (peek().kind() != Kind.RIGHT_PAREN) {
        throw unexpected(peek(), context + ", expected \",\" or \")\"");
      }
    }
    next();
    return List.copyOf(labels);
  }

  private Expr parseAggregation(AggregationOp op, Token opTok) {
    List<String> grouping = List.of();
    boolean without = false;
    boolean grouped = false;
    if (isWord(peek(), "by") || isWord(peek(), "without")) {
      without = isWord(next(), "without");
      grouping = parseLabelList(" in grouping opts");
      grouped = true;
    }
    expect(Kind.LEFT_PAREN, " in aggregation");
    List<Expr> args = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    parseArgs(args, starts);
    expect(Kind.RIGHT_PAREN, " in aggregation, expected \",\" or \")\"");
    if (!grouped && (isWord(peek(), "by") || isWord(peek(), "without"))) {
      without = isWord(next(), "without");
      grouping = parseLabelList(" in grouping opts");
    }
    int want = op.hasParam() ? 2 : 1;
    if (args.size() != want) {
      throw error(opTok.pos(), "wrong number of arguments for aggregate expression provided, "
          + "expected " + want + ", got " + args.size());
    }
    Expr param = op.hasParam() ? args.get(0) : null;
    Expr expr = args.get(want - 1);
    if (expr.type() != ValueType.VECTOR) {
      throw error(starts.get(want - 1),
          "expected type instant vector in aggregation expression, got " + expr.type());
    }
    if (param != null && param.type() != op.paramType()) {
      throw error(starts.get(0), "expected type " + op.paramType()
          + " in aggregation parameter, got " + param.type());
    }
    return new Expr.Aggregation(op, expr, param, grouping, without);
  }

  /** Comma-separated expressions up to a closing parenthesis, with where each starts. */
  private void parseArgs(List<Expr> args, List<Integer> starts) {
    if (peek().kind() == Kind.RIGHT_PAREN) {
      return;
    }
    while (true) {
      starts.add(peek().pos());
      args.add(parseExpr(0));
      if (peek().kind() != Kind.COMMA) {
        return;
      }
      next();
    }
  }

  private Expr parseCall(Token nameTok) {
    FunctionDef f = FunctionDef.byName(nameTok.text());
    if (f == null) {
      throw error(nameTok.pos(), "unknown function with name \"" + nameTok.text() + "\"");
    }
    expect(Kind.LEFT_PAREN, "");
    List<Expr> args = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    parseArgs(args, starts);
    expect(Kind.RIGHT_PAREN, " in call to function \"" + f.name() + "\", expected \",\" or \")\"");
    int declared = f.argTypes().size();
    int n = args.size();
    if (f.optionalArgs() < 0) {
      if (n < declared - 1) {
        throw error(nameTok.pos(), "expected at least " + (declared - 1)
            + " argument(s) in call to \"" + f.name() + "\", got " + n);
      }
    } else {
      int min = declared - f.optionalArgs();
      if (n < min || n > declared) {
        String expected = min == declared ? String.valueOf(declared)
            : "at most " + declared;
        if (n < min) {
          expected = (min == declared ? "" : "at least ") + min;
        }
        throw error(nameTok.pos(), "expected " + expected + " argument(s) in call to \""
            + f.name() + "\", got " + n);
      }
    }
    for (int k = 0; k < n; k++) {
      ValueType want = f.argTypes().get(Math.min(k, declared - 1));
      ValueType got = args.get(k).type();
      if (got != want) {
        throw error(starts.get(k), "expected type " + want + " in call to function \""
            + f.name() + "\", got " + got);
      }
    }
    return new Expr.Call(f, List.copyOf(args));
  }
}
