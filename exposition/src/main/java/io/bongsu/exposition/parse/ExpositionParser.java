package io.bongsu.exposition.parse;

import io.bongsu.exposition.ExpositionFormat;
import io.bongsu.exposition.MetricType;
import io.bongsu.common.labels.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull parser over one exposition body held in memory. {@link #next()} moves to the next entry
 * and the accessors describe it until the following call. Nothing is allocated per sample unless
 * asked for: names and values stay byte ranges in the input, so a scraper can recognise a series
 * it has seen before by its raw bytes ({@link #seriesStart()}, {@link #seriesEnd()}) and only
 * decode labels for new series.
 *
 * <p>Not thread-safe; one parser reads one body.
 */
public final class ExpositionParser {
  /** What {@link #next()} found. */
  public enum Entry { SERIES, HELP, TYPE, UNIT, COMMENT, EOF }

  private static final int INITIAL_LABELS = 8;
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private static final MetricType[] TYPES = MetricType.values();
  /** The NaN Prometheus stores for a scraped NaN, distinct from the staleness marker's bits. */
  public static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

  private final ExpositionFormat format;
  private final boolean om;
  private final byte[] buf;
  private final int end;
  private int pos;
  private int line;
  private boolean eofSeen;

  private int nameStart;
  private int nameEnd;
  private int seriesEnd;
  /** Per label: name start, name end, value start, value end (inside the quotes). */
  private int[] labelPos = new int[4 * INITIAL_LABELS];
  private int labelCount;
  private double value;
  private boolean hasTimestamp;
  private long timestamp;

  private boolean hasExemplar;
  private int[] exemplarLabelPos = new int[4 * INITIAL_LABELS];
  private int exemplarLabelCount;
  private double exemplarValue;
  private boolean exemplarHasTimestamp;
  private long exemplarTimestamp;

  private int textStart;
  private int textEnd;
  private MetricType type;

  public ExpositionParser(ExpositionFormat format, byte[] buf, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new IllegalArgumentException("range outside the buffer");
    }
    this.format = format;
    this.om = format == ExpositionFormat.OPENMETRICS;
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public ExpositionParser(ExpositionFormat format, byte[] buf) {
    this(format, buf, 0, buf.length);
  }

  /** Reads a buffer's remaining bytes; heap buffers are read in place, others copied once. */
  public static ExpositionParser of(ExpositionFormat format, ByteBuffer bb) {
    if (bb.hasArray()) {
      return new ExpositionParser(
          format, bb.array(), bb.arrayOffset() + bb.position(), bb.remaining());
    }
    byte[] copy = new byte[bb.remaining()];
    bb.duplicate().get(copy);
    return new ExpositionParser(format, copy);
  }

  /** A parser chosen by the response's Content-Type, as Prometheus chooses. */
  public static ExpositionParser forContentType(String contentType, byte[] buf, int off, int len) {
    return new ExpositionParser(ExpositionFormat.fromContentType(contentType), buf, off, len);
  }

  public ExpositionFormat format() {
    return format;
  }

  /** The current line number, 1-based. */
  public int line() {
    return line;
  }

  /**
   * Moves to the next entry.
   *
   * @return the entry kind, or null at the end of the input
   * @throws ExpositionParseException when the input is malformed
   */
  public Entry next() {
    while (true) {
      if (pos >= end) {
        if (om && !eofSeen) {
          throw error(line + 1, "expected \"# EOF\" at the end of OpenMetrics input");
        }
        return null;
      }
      if (eofSeen) {
        throw error(line + 1, "unexpected content after \"# EOF\"");
      }
      line++;
      int lineEnd = indexOfNewline(pos);
      if (!om) {
        int p = pos;
        while (p < lineEnd && (buf[p] == ' ' || buf[p] == '\t')) {
          p++;
        }
        if (p == lineEnd) {
          pos = lineEnd + 1;
          continue;
        }
        if (p > pos && buf[p] != '#') {
          // Prometheus fails such lines too (the name would start with blanks).
          throw error("expected a metric name at the start of the line, got whitespace");
        }
        pos = p;
      } else if (pos == lineEnd) {
        throw error("empty lines are not allowed in OpenMetrics");
      }
      Entry e = buf[pos] == '#' ? parseComment(lineEnd) : parseSeries(lineEnd);
      pos = lineEnd + 1;
      return e;
    }
  }

  private int indexOfNewline(int from) {
    for (int i = from; i < end; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return end;
  }

  // ---- comments and metadata ----

  private Entry parseComment(int lineEnd) {
    int p = pos + 1;
    if (om) {
      if (p == lineEnd) {
        throw error("expected HELP, TYPE, UNIT or EOF after '#'");
      }
      if (buf[p] != ' ') {
        throw error("expected a space after '#'");
      }
      p++;
      if (matchWord(p, lineEnd, "EOF") && p + 3 == lineEnd) {
        eofSeen = true;
        return Entry.EOF;
      }
    } else {
      int q = p;
      while (q < lineEnd && (buf[q] == ' ' || buf[q] == '\t')) {
        q++;
      }
      if (q == p) {
        return Entry.COMMENT;
      }
      p = q;
    }
    Entry kind;
    if (matchWord(p, lineEnd, "HELP")) {
      kind = Entry.HELP;
    } else if (matchWord(p, lineEnd, "TYPE")) {
      kind = Entry.TYPE;
    } else if (om && matchWord(p, lineEnd, "UNIT")) {
      kind = Entry.UNIT;
    } else if (om) {
      throw error("expected HELP, TYPE, UNIT or EOF after '# ', got " + quote(p, lineEnd));
    } else {
      return Entry.COMMENT;
    }
    p += 4;
    if (p >= lineEnd || !isSpace(buf[p])) {
      if (!om) {
        return Entry.COMMENT;
      }
      throw error("expected a space after " + kind);
    }
    p = skipSpaces(p + 1, lineEnd);
    nameStart = p;
    p = scanMetricName(p, lineEnd);
    if (p == nameStart) {
      throw error("expected a metric name after " + kind + ", got " + quote(p, lineEnd));
    }
    nameEnd = p;
    if (p < lineEnd && !isSpace(buf[p])) {
      throw error("invalid character in metric name " + quote(nameStart, lineEnd));
    }
    if (p < lineEnd) {
      p = om ? p + 1 : skipSpaces(p, lineEnd);
    }
    textStart = p;
    textEnd = lineEnd;
    if (!om) {
      while (textEnd > textStart && isSpace(buf[textEnd - 1])) {
        textEnd--;
      }
    }
    if (kind == Entry.TYPE) {
      type = parseType(textStart, textEnd);
    } else if (kind == Entry.HELP) {
      checkUtf8(textStart, textEnd, "help text");
    }
    return kind;
  }

  private MetricType parseType(int s, int e) {
    for (MetricType t : TYPES) {
      if (t != MetricType.UNKNOWN && is(s, e, t.text())
          && (om || t == MetricType.COUNTER || t == MetricType.GAUGE
              || t == MetricType.HISTOGRAM || t == MetricType.SUMMARY)) {
        return t;
      }
    }
    if (is(s, e, om ? "unknown" : "untyped")) {
      return MetricType.UNKNOWN;
    }
    throw error("invalid metric type " + quote(s, e));
  }

  private boolean is(int s, int e, String word) {
    return e - s == word.length() && matchWord(s, e, word);
  }

  private boolean matchWord(int p, int lineEnd, String w) {
    if (p + w.length() > lineEnd) {
      return false;
    }
    for (int i = 0; i < w.length(); i++) {
      if (buf[p + i] != w.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // ---- samples ----

  private Entry parseSeries(int lineEnd) {
    int p = pos;
    nameStart = p;
    p = scanMetricName(p, lineEnd);
    if (p == nameStart) {
      throw error("expected a metric name, got " + quote(p, lineEnd));
    }
    nameEnd = p;
    int brace = skipSpaces(p, lineEnd);
    labelCount = 0;
    if (brace < lineEnd && buf[brace] == '{') {
      p = parseLabels(brace + 1, lineEnd, false);
      seriesEnd = p;
    } else {
      seriesEnd = nameEnd;
    }
    if (!om && p == seriesEnd && p > nameEnd) {
      // Prometheus's text lexer lets the value follow the closing brace directly.
      p = skipSpaces(p, lineEnd);
      if (p >= lineEnd) {
        throw error("expected value, got end of line");
      }
    } else {
      p = expectSpace(p, lineEnd, "value");
    }
    int vs = p;
    p = scanToken(p, lineEnd);
    if (vs == p) {
      throw error("expected a value, got " + quote(p, lineEnd));
    }
    value = parseFloat(vs, p, "value");
    hasTimestamp = false;
    hasExemplar = false;
    if (!om) {
      p = skipSpaces(p, lineEnd);
      if (p < lineEnd) {
        int ts = p;
        p = scanToken(p, lineEnd);
        timestamp = parseLong(ts, p);
        hasTimestamp = true;
        p = skipSpaces(p, lineEnd);
        if (p < lineEnd) {
          throw error("expected end of line after timestamp, got " + quote(p, lineEnd));
        }
      }
      return Entry.SERIES;
    }
    if (p == lineEnd) {
      return Entry.SERIES;
    }
    p = expectSpace(p, lineEnd, "timestamp or exemplar");
    if (buf[p] != '#') {
      int ts = p;
      p = scanToken(p, lineEnd);
      timestamp = secondsToMillis(parseFloat(ts, p, "timestamp"));
      hasTimestamp = true;
      if (p == lineEnd) {
        return Entry.SERIES;
      }
      p = expectSpace(p, lineEnd, "exemplar");
    }
    parseExemplar(p, lineEnd);
    return Entry.SERIES;
  }

  private void parseExemplar(int p, int lineEnd) {
    if (buf[p] != '#' || p + 2 >= lineEnd || buf[p + 1] != ' ' || buf[p + 2] != '{') {
      throw error("expected exemplar \"# {\", got " + quote(p, lineEnd));
    }
    p = parseLabels(p + 3, lineEnd, true);
    p = expectSpace(p, lineEnd, "exemplar value");
    int vs = p;
    p = scanToken(p, lineEnd);
    exemplarValue = parseFloat(vs, p, "exemplar value");
    exemplarHasTimestamp = false;
    if (p < lineEnd) {
      p = expectSpace(p, lineEnd, "exemplar timestamp");
      int ts = p;
      p = scanToken(p, lineEnd);
      exemplarTimestamp = secondsToMillis(parseFloat(ts, p, "exemplar timestamp"));
      exemplarHasTimestamp = true;
      if (p < lineEnd) {
        throw error("expected end of line after exemplar, got " + quote(p, lineEnd));
      }
    }
    hasExemplar = true;
  }

  private int expectSpace(int p, int lineEnd, String what) {
    if (p >= lineEnd) {
      throw error("expected " + what + ", got end of line");
    }
    if (!isSpace(buf[p])) {
      throw error("expected a space before " + what + ", got " + quote(p, lineEnd));
    }
    if (om) {
      if (p + 1 >= lineEnd || buf[p + 1] == ' ') {
        throw error("expected exactly one space before " + what);
      }
      return p + 1;
    }
    p = skipSpaces(p, lineEnd);
    if (p >= lineEnd) {
      throw error("expected " + what + ", got end of line");
    }
    return p;
  }

  /** Parses {@code name="value",...}} from just after the brace; returns the index after '}'. */
  private int parseLabels(int p, int lineEnd, boolean exemplar) {
    int count = 0;
    int[] lp = exemplar ? exemplarLabelPos : labelPos;
    while (true) {
      if (!om) {
        p = skipSpaces(p, lineEnd);
      }
      if (p >= lineEnd) {
        throw error("expected a label name or '}', got end of line");
      }
      if (buf[p] == '}') {
        p++;
        break;
      }
      int ns = p;
      p = scanLabelName(p, lineEnd);
      if (p == ns) {
        throw error("expected a label name, got " + quote(p, lineEnd));
      }
      int ne = p;
      if (!om) {
        p = skipSpaces(p, lineEnd);
      }
      if (p >= lineEnd || buf[p] != '=') {
        throw error("expected '=' after label name, got " + quote(p, lineEnd));
      }
      p++;
      if (!om) {
        p = skipSpaces(p, lineEnd);
      }
      if (p >= lineEnd || buf[p] != '"') {
        throw error("expected '\"' to start a label value, got " + quote(p, lineEnd));
      }
      int vs = ++p;
      while (p < lineEnd && buf[p] != '"') {
        p += buf[p] == '\\' ? 2 : 1;
      }
      if (p >= lineEnd) {
        throw error("unterminated label value");
      }
      int ve = p++;
      checkUtf8(vs, ve, "label value");
      for (int i = 0; i < count; i++) {
        if (Arrays.equals(buf, lp[4 * i], lp[4 * i + 1], buf, ns, ne)) {
          throw error("duplicate label name " + quote(ns, ne));
        }
      }
      if (4 * count + 4 > lp.length) {
        lp = Arrays.copyOf(lp, lp.length * 2);
        if (exemplar) {
          exemplarLabelPos = lp;
        } else {
          labelPos = lp;
        }
      }
      lp[4 * count] = ns;
      lp[4 * count + 1] = ne;
      lp[4 * count + 2] = vs;
      lp[4 * count + 3] = ve;
      count++;
      if (!om) {
        p = skipSpaces(p, lineEnd);
      }
      if (p < lineEnd && buf[p] == ',') {
        p++;
        if (om && p < lineEnd && buf[p] == '}') {
          throw error("expected a label name after ',', got '}'");
        }
      } else if (p >= lineEnd || buf[p] != '}') {
        throw error("expected ',' or '}' after label value, got " + quote(p, lineEnd));
      }
    }
    if (exemplar) {
      exemplarLabelCount = count;
    } else {
      labelCount = count;
    }
    return p;
  }

  // ---- accessors ----

  /** The metric name of a series entry, or the family name of a HELP, TYPE or UNIT entry. */
  public String metricName() {
    return new String(buf, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
  }

  /** The buffer the byte offsets refer to. */
  public byte[] buffer() {
    return buf;
  }

  public int nameStart() {
    return nameStart;
  }

  public int nameEnd() {
    return nameEnd;
  }

  /** Where the series text ({@code name{labels}}) begins: a stable key for the series. */
  public int seriesStart() {
    return nameStart;
  }

  /** Where the series text ends (exclusive), before the value. */
  public int seriesEnd() {
    return seriesEnd;
  }

  public int labelCount() {
    return labelCount;
  }

  public String labelName(int i) {
    int s = labelPos[4 * i];
    return new String(buf, s, labelPos[4 * i + 1] - s, StandardCharsets.ISO_8859_1);
  }

  public String labelValue(int i) {
    return unescape(labelPos[4 * i + 2], labelPos[4 * i + 3], true);
  }

  /** Resets the builder and fills it with {@code __name__} and the series' labels. */
  public Labels.Builder labels(Labels.Builder b) {
    b.reset();
    b.set(Labels.METRIC_NAME, metricName());
    for (int i = 0; i < labelCount; i++) {
      b.set(labelName(i), labelValue(i));
    }
    return b;
  }

  public Labels labels() {
    return labels(new Labels.Builder()).build();
  }

  public double value() {
    return value;
  }

  public boolean hasTimestamp() {
    return hasTimestamp;
  }

  /** The sample's timestamp in Unix milliseconds (OpenMetrics seconds are converted). */
  public long timestampMillis() {
    return timestamp;
  }

  public boolean hasExemplar() {
    return hasExemplar;
  }

  public Labels exemplarLabels() {
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < exemplarLabelCount; i++) {
      int s = exemplarLabelPos[4 * i];
      b.set(
          new String(buf, s, exemplarLabelPos[4 * i + 1] - s, StandardCharsets.ISO_8859_1),
          unescape(exemplarLabelPos[4 * i + 2], exemplarLabelPos[4 * i + 3], true));
    }
    return b.build();
  }

  public double exemplarValue() {
    return exemplarValue;
  }

  public boolean exemplarHasTimestamp() {
    return exemplarHasTimestamp;
  }

  public long exemplarTimestampMillis() {
    return exemplarTimestamp;
  }

  /** The family type of a TYPE entry. */
  public MetricType type() {
    return type;
  }

  /** The unescaped text of a HELP entry, the unit of a UNIT entry. */
  public String text() {
    return unescape(textStart, textEnd, om);
  }

  /** Where the HELP text, TYPE word or UNIT begins, for callers that compare raw bytes. */
  public int textStart() {
    return textStart;
  }

  public int textEnd() {
    return textEnd;
  }

  // ---- lexical helpers ----

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  private int skipSpaces(int p, int lineEnd) {
    if (om) {
      return p;
    }
    while (p < lineEnd && isSpace(buf[p])) {
      p++;
    }
    return p;
  }

  private int scanToken(int p, int lineEnd) {
    while (p < lineEnd && !isSpace(buf[p])) {
      p++;
    }
    return p;
  }

  private int scanMetricName(int p, int lineEnd) {
    if (p < lineEnd && isNameStart(buf[p], true)) {
      p++;
      while (p < lineEnd && (isNameStart(buf[p], true) || (buf[p] >= '0' && buf[p] <= '9'))) {
        p++;
      }
    }
    return p;
  }

  private int scanLabelName(int p, int lineEnd) {
    if (p < lineEnd && isNameStart(buf[p], false)) {
      p++;
      while (p < lineEnd && (isNameStart(buf[p], false) || (buf[p] >= '0' && buf[p] <= '9'))) {
        p++;
      }
    }
    return p;
  }

  private static boolean isNameStart(byte b, boolean colon) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || (colon && b == ':');
  }

  private String unescape(int s, int e, boolean quotes) {
    boolean plain = true;
    for (int i = s; i < e; i++) {
      if (buf[i] == '\\' || buf[i] < 0) {
        plain = false;
        break;
      }
    }
    if (plain) {
      return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
    }
    byte[] out = new byte[e - s];
    int n = 0;
    for (int i = s; i < e; i++) {
      byte b = buf[i];
      if (b == '\\' && i + 1 < e) {
        byte c = buf[i + 1];
        if (c == '\\') {
          out[n++] = '\\';
          i++;
          continue;
        } else if (c == 'n') {
          out[n++] = '\n';
          i++;
          continue;
        } else if (c == '"' && quotes) {
          out[n++] = '"';
          i++;
          continue;
        }
      }
      out[n++] = b;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private void checkUtf8(int s, int e, String what) {
    int i = s;
    while (i < e) {
      int b = buf[i] & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (b >= 0xc2 && b <= 0xdf) {
        n = 1;
        min = 0x80;
      } else if (b >= 0xe0 && b <= 0xef) {
        n = 2;
        min = 0x800;
      } else if (b >= 0xf0 && b <= 0xf4) {
        n = 3;
        min = 0x10000;
      } else {
        throw error("invalid UTF-8 in " + what);
      }
      if (i + n >= e) {
        throw error("invalid UTF-8 in " + what);
      }
      int cp = b & (0x3f >> n);
      for (int k = 1; k <= n; k++) {
        int c = buf[i + k] & 0xff;
        if ((c & 0xc0) != 0x80) {
          throw error("invalid UTF-8 in " + what);
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw error("invalid UTF-8 in " + what);
      }
      i += n + 1;
    }
  }

  private long parseLong(int s, int e) {
    int p = s;
    boolean neg = false;
    if (p < e && (buf[p] == '+' || buf[p] == '-')) {
      neg = buf[p] == '-';
      p++;
    }
    if (p == e) {
      throw error("invalid timestamp " + quote(s, e));
    }
    long v = 0;
    for (; p < e; p++) {
      int d = buf[p] - '0';
      if (d < 0 || d > 9) {
        throw error("invalid timestamp " + quote(s, e));
      }
      if (v < (Long.MIN_VALUE + d) / 10) {
        throw error("timestamp out of range " + quote(s, e));
      }
      v = v * 10 - d;
    }
    if (!neg) {
      if (v == Long.MIN_VALUE) {
        throw error("timestamp out of range " + quote(s, e));
      }
      v = -v;
    }
    return v;
  }

  private long secondsToMillis(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)
        || Math.abs(seconds) > Long.MAX_VALUE / 1000.0) {
      throw error("timestamp out of range");
    }
    // Truncating, exactly as Prometheus converts, so both store the same millisecond.
    return (long) (seconds * 1000);
  }

  /**
   * Go's strconv.ParseFloat syntax as Prometheus accepts it: decimal with optional exponent, or
   * Inf/Infinity/NaN in any case; no hex floats, no underscores, overflow is an error.
   */
  private double parseFloat(int s, int e, String what) {
    int p = s;
    boolean neg = false;
    if (p < e && (buf[p] == '+' || buf[p] == '-')) {
      neg = buf[p] == '-';
      p++;
    }
    if (p < e && (buf[p] == 'i' || buf[p] == 'I' || buf[p] == 'n' || buf[p] == 'N')) {
      if (equalsIgnoreCase(p, e, "inf") || equalsIgnoreCase(p, e, "infinity")) {
        return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      if (p == s && equalsIgnoreCase(p, e, "nan")) {
        return NORMAL_NAN;
      }
      throw error("invalid " + what + " " + quote(s, e));
    }
    long mantissa = 0;
    int digits = 0;
    int exp10 = 0;
    int intDigits = 0;
    int fracDigits = 0;
    while (p < e && buf[p] >= '0' && buf[p] <= '9') {
      if (digits < 18) {
        mantissa = mantissa * 10 + (buf[p] - '0');
        if (mantissa != 0) {
          digits++;
        }
      } else {
        exp10++;
      }
      intDigits++;
      p++;
    }
    if (p < e && buf[p] == '.') {
      p++;
      while (p < e && buf[p] >= '0' && buf[p] <= '9') {
        if (digits < 18) {
          mantissa = mantissa * 10 + (buf[p] - '0');
          if (mantissa != 0) {
            digits++;
          }
          exp10--;
        }
        fracDigits++;
        p++;
      }
    }
    if (intDigits + fracDigits == 0) {
      throw error("invalid " + what + " " + quote(s, e));
    }
    if (p < e && (buf[p] == 'e' || buf[p] == 'E')) {
      p++;
      boolean eneg = false;
      if (p < e && (buf[p] == '+' || buf[p] == '-')) {
        eneg = buf[p] == '-';
        p++;
      }
      if (p == e) {
        throw error("invalid " + what + " " + quote(s, e));
      }
      int ev = 0;
      while (p < e && buf[p] >= '0' && buf[p] <= '9') {
        if (ev < 100000) {
          ev = ev * 10 + (buf[p] - '0');
        }
        p++;
      }
      exp10 += eneg ? -ev : ev;
    }
    if (p != e) {
      throw error("invalid " + what + " " + quote(s, e));
    }
    double v;
    if (mantissa == 0) {
      v = 0.0;
    } else if (mantissa < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
      // Both operands are exact, so one IEEE operation rounds correctly.
      v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
    } else {
      v = Math.abs(Double.parseDouble(new String(buf, s, e - s, StandardCharsets.ISO_8859_1)));
      if (Double.isInfinite(v)) {
        throw error(what + " out of range " + quote(s, e));
      }
    }
    return neg ? -v : v;
  }

  private boolean equalsIgnoreCase(int s, int e, String w) {
    if (e - s != w.length()) {
      return false;
    }
    for (int i = 0; i < w.length(); i++) {
      if (Character.toLowerCase((char) (buf[s + i] & 0xff)) != w.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private String quote(int s, int lineEnd) {
    if (s >= lineEnd) {
      return "end of line";
    }
    int e = Math.min(lineEnd, s + 40);
    return "\"" + new String(buf, s, e - s, StandardCharsets.UTF_8) + (e < lineEnd ? "...\"" : "\"");
  }

  private ExpositionParseException error(String message) {
    return new ExpositionParseException(line, message);
  }

  private static ExpositionParseException error(int line, String message) {
    return new ExpositionParseException(line, message);
  }
}
