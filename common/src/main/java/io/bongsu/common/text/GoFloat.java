package io.bongsu.common.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Float text exactly as Go's strconv writes it with precision -1: the shortest decimal digits
 * that read back to the same double (the closest such when several are as short), laid out as
 * Go's 'g', 'f' and 'e' verbs and as Prometheus and encoding/json choose between them. Every
 * Prometheus-compatible output (exposition, API values, PromQL text) formats floats here.
 */
public final class GoFloat {
  /** Integers below this have at most 15 digits, so their own digits are the shortest. */
  private static final double INTEGER_FAST_PATH = 1e15;

  private GoFloat() {}

  /** Shortest digits without trailing zeros and the point position: v = 0.digits × 10^point. */
  record Decimal(String digits, int point) {}

  /** {@code strconv.FormatFloat(v, 'g', -1, 64)}, Go's %v: "1e+06", "0.0001", "1e-05", "+Inf". */
  public static String formatG(double v) {
    StringBuilder sb = new StringBuilder(24);
    appendG(sb, v);
    return sb.toString();
  }

  public static void appendG(StringBuilder out, double v) {
    if (appendSpecial(out, v)) {
      return;
    }
    Decimal d = shortest(Math.abs(v));
    int nd = d.digits.length();
    // Go: exponent form when the exponent is below -4 or at least max(digits, 6), except that
    // digits which already reach the point keep plain form up to their own count.
    int eprec = 6;
    if (eprec > nd && nd >= d.point) {
      eprec = nd;
    }
    int x = d.point - 1;
    if (x < -4 || x >= eprec) {
      appendExponent(out, d, false);
    } else {
      appendFixed(out, d);
    }
  }

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: never an exponent ("1000000000000000000000"). */
  public static String formatF(double v) {
    StringBuilder sb = new StringBuilder(24);
    if (!appendSpecial(sb, v)) {
      appendFixed(sb, shortest(Math.abs(v)));
    }
    return sb.toString();
  }

  /**
   * A sample value as the Prometheus API writes it inside quotes: 'f', but 'e' with a two-digit
   * exponent below 1e-6 and from 1e21 on; "NaN", "+Inf", "-Inf".
   */
  public static String formatSampleValue(double v) {
    StringBuilder sb = new StringBuilder(24);
    if (!appendSpecial(sb, v)) {
      appendJsonLayout(sb, v, false);
    }
    return sb.toString();
  }

  /** A float64 as Go's encoding/json writes it: like a sample value, exponents without padding. */
  public static String formatJsonNumber(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("JSON has no " + v);
    }
    StringBuilder sb = new StringBuilder(24);
    if (!appendSpecial(sb, v)) {
      appendJsonLayout(sb, v, true);
    }
    return sb.toString();
  }

  private static void appendJsonLayout(StringBuilder out, double v, boolean trimExponent) {
    double abs = Math.abs(v);
    Decimal d = shortest(abs);
    if (abs < 1e-6 || abs >= 1e21) {
      appendExponent(out, d, trimExponent);
    } else {
      appendFixed(out, d);
    }
  }

  /** NaN, infinities and zeros; otherwise writes the sign of v and returns false. */
  private static boolean appendSpecial(StringBuilder out, double v) {
    if (Double.isNaN(v)) {
      out.append("NaN");
    } else if (Double.isInfinite(v)) {
      out.append(v > 0 ? "+Inf" : "-Inf");
    } else if (v == 0) {
      out.append(Double.doubleToRawLongBits(v) < 0 ? "-0" : "0");
    } else {
      if (v < 0) {
        out.append('-');
      }
      return false;
    }
    return true;
  }

  private static void appendExponent(StringBuilder out, Decimal d, boolean trimExponent) {
    String digits = d.digits;
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    int x = d.point - 1;
    out.append('e').append(x < 0 ? '-' : '+');
    int ax = Math.abs(x);
    if (ax < 10 && !trimExponent) {
      out.append('0');
    }
    out.append(ax);
  }

  private static void appendFixed(StringBuilder out, Decimal d) {
    String digits = d.digits;
    int nd = digits.length();
    int point = d.point;
    if (point <= 0) {
      out.append("0.");
      for (int i = point; i < 0; i++) {
        out.append('0');
      }
      out.append(digits);
    } else if (point >= nd) {
      out.append(digits);
      for (int i = nd; i < point; i++) {
        out.append('0');
      }
    } else {
      out.append(digits, 0, point).append('.').append(digits, point, nd);
    }
  }

  /** The shortest round-trip digits of a positive finite v. */
  static Decimal shortest(double v) {
    if (v < INTEGER_FAST_PATH && v == Math.rint(v)) {
      String integer = Long.toString((long) v);
      return stripZeros(integer, integer.length());
    }
    Decimal d = fromJavaString(v);
    // Distinct decimals of at most 15 significant digits are distinct normal doubles, so a
    // round-tripping one that short is the only one of its length and none is shorter. Longer
    // ones (and subnormals) may be one digit too long from JDK 17's Double.toString.
    if (d.digits.length() <= 15 && v >= Double.MIN_NORMAL) {
      return d;
    }
    if (v >= Double.MIN_NORMAL && d.digits.length() <= 17 && shortestAndNearest(v, d)) {
      return d;
    }
    return exactShortest(v, d.digits.length());
  }

  /**
   * Whether Double.toString's L = 16 or 17 digits are what {@link #exactShortest} would find,
   * checked without its rounding of v's exact expansion at every length: (a) no (L-1)-digit
   * decimal reads back to v, and (b) the digits are strictly the nearest L-digit decimal to v.
   * Both rest on one bound: the digits and any decimal reading back lie in v's rounding interval,
   * at most half an ulp either side of v. So (a) needs only the (L-1)-digit grid points within an
   * ulp of the digits (none or one, usually), each checked by parsing; and (b) holds outright when
   * half an ulp is under half a unit of the last digit, else it is checked exactly.
   */
  private static boolean shortestAndNearest(double v, Decimal d) {
    int len = d.digits.length();
    long digits = Long.parseLong(d.digits);
    int q = d.point - len;
    // An ulp in units of the last digit, rounded up with a margin for Math.pow's rounding.
    double ulpUnits = Math.ulp(v) / Math.pow(10, q) * 1.01;
    long reach = (long) Math.ceil(ulpUnits);
    StringBuilder sb = new StringBuilder(24);
    for (long c = Math.floorDiv(digits - reach + 9, 10); c <= (digits + reach) / 10; c++) {
      if (c <= 0) {
        continue;
      }
      int reads = readsBack(v, c, q + 1);
      if (reads < 0) {
        sb.setLength(0);
        sb.append(c).append('E').append(q + 1);
        reads = Double.parseDouble(sb.toString()) == v ? 1 : 0;
      }
      if (reads == 1) {
        return false;
      }
    }
    if (ulpUnits < 1) {
      return true;
    }
    int nearer = nearerThanHalfUnit(v, digits, q);
    if (nearer >= 0) {
      return nearer == 1;
    }
    BigDecimal diff = new BigDecimal(v).subtract(BigDecimal.valueOf(digits, -q)).abs();
    return diff.compareTo(BigDecimal.valueOf(5, 1 - q)) < 0;
  }

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /**
   * Whether c·10^e reads back to v, i.e. lies in v's rounding interval (half an ulp either side,
   * a quarter below at a power of two; the ends belong to it when v's significand is even): 1 yes,
   * 0 no, -1 out of range for 128-bit integers (then parsing decides). With v = m·2^-s and
   * P = 10^-e, everything is multiplied by 2^(s+2)·P: v is 4·m·P, the candidate c·2^(s+2), half
   * an ulp 2·P.
   */
  static int readsBack(double v, long c, int e) {
    long bits = Double.doubleToRawLongBits(v);
    int biased = (int) (bits >>> 52) & 0x7ff;
    int s = 1075 - biased;
    if (biased <= 1 || e > 0 || -e >= POW10.length || s <= 0
        || s + 2 + 64 - Long.numberOfLeadingZeros(c) > 126) {
      return -1;
    }
    long m = (bits & 0xfffffffffffffL) | (1L << 52);
    long p = POW10[-e];
    long m4 = m << 2;
    long aLo = m4 * p;
    long aHi = Math.multiplyHigh(m4, p);
    int sh = s + 2;
    long bHi = sh >= 64 ? c << (sh - 64) : c >>> (64 - sh);
    long bLo = sh >= 64 ? 0 : c << sh;
    // d = candidate - v, scaled
    long dLo = bLo - aLo;
    long dHi = bHi - aHi - (Long.compareUnsigned(bLo, aLo) < 0 ? 1 : 0);
    boolean below = dHi < 0;
    if (below) {
      dHi = ~dHi + (dLo == 0 ? 1 : 0);
      dLo = -dLo;
    }
    // bounds 2·P (or P below a power of two) are under 2^61: |d| must fit in one word
    if (dHi != 0) {
      return 0;
    }
    long bound = below && m == 1L << 52 ? p : 2 * p;
    int cmp = Long.compareUnsigned(dLo, bound);
    return cmp < 0 || (cmp == 0 && (m & 1) == 0) ? 1 : 0;
  }

  /**
   * Whether |v - digits·10^q| < ½·10^q, in 128-bit integers: 1 yes, 0 no, -1 out of range (then
   * BigDecimal decides). With v = m·2^-s (s > 0), q ≤ 0 and P = 10^-q, both sides times P·2^s
   * give |m·P - digits·2^s| < 2^(s-1). Covers the 16-17 digit values of rates and ratios from
   * about 0.01 to 2^52, where BigDecimal's exact expansion cost ~30 µs a value.
   */
  static int nearerThanHalfUnit(double v, long digits, int q) {
    long bits = Double.doubleToRawLongBits(v);
    int s = 1075 - ((int) (bits >>> 52) & 0x7ff);
    if (q > 0 || -q >= POW10.length || s <= 0
        || s + 64 - Long.numberOfLeadingZeros(digits) > 126) {
      return -1;
    }
    long m = (bits & 0xfffffffffffffL) | (1L << 52);
    long p = POW10[-q];
    // a = m·P < 2^113 (m < 2^53, P < 2^60), b = digits·2^s < 2^126
    long aLo = m * p;
    long aHi = Math.multiplyHigh(m, p);
    long bHi = s >= 64 ? digits << (s - 64) : digits >>> (64 - s);
    long bLo = s >= 64 ? 0 : digits << s;
    long dLo = aLo - bLo;
    long dHi = aHi - bHi - (Long.compareUnsigned(aLo, bLo) < 0 ? 1 : 0);
    if (dHi < 0) {
      dHi = ~dHi + (dLo == 0 ? 1 : 0);
      dLo = -dLo;
    }
    long hHi = s - 1 >= 64 ? 1L << (s - 1 - 64) : 0;
    long hLo = s - 1 >= 64 ? 0 : 1L << (s - 1);
    int cmp = dHi != hHi ? Long.compare(dHi, hHi) : Long.compareUnsigned(dLo, hLo);
    return cmp < 0 ? 1 : 0;
  }

  private static Decimal fromJavaString(double v) {
    String s = Double.toString(v);
    int e = s.indexOf('E');
    int exp = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    String mantissa = e < 0 ? s : s.substring(0, e);
    int dot = mantissa.indexOf('.');
    String raw = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    return stripZeros(raw, dot + exp);
  }

  /** raw with leading and trailing zeros removed; point counts digits before the decimal point. */
  private static Decimal stripZeros(String raw, int point) {
    int end = raw.length();
    int lead = 0;
    while (lead < end - 1 && raw.charAt(lead) == '0') {
      lead++;
    }
    while (end > lead + 1 && raw.charAt(end - 1) == '0') {
      end--;
    }
    return new Decimal(raw.substring(lead, end), point - lead);
  }

  /**
   * The shortest decimal that reads back to v, at most {@code upper} digits long (Double.toString
   * gave that many, and its digits read back). Whether some p-digit decimal reads back only
   * grows with p (a p-digit decimal is also a (p+1)-digit one), so the length is found by binary
   * search; Double.toString is usually right, so {@code upper - 1} is tried first. At each
   * length the candidate is the nearest decimal, else the nearest on the other side (the rounding
   * interval is lopsided at powers of two).
   */
  static Decimal exactShortest(double v, int upper) {
    BigDecimal exact = new BigDecimal(v);
    int hi = Math.min(Math.max(upper, 1), 17);
    BigDecimal best = readingBack(exact, v, hi);
    if (best == null) {
      hi = 17;
      best = readingBack(exact, v, hi);
    }
    int lo = 1;
    if (hi > 1) {
      BigDecimal r = readingBack(exact, v, hi - 1);
      if (r == null) {
        lo = hi;
      } else {
        hi--;
        best = r;
      }
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      BigDecimal r = readingBack(exact, v, mid);
      if (r == null) {
        lo = mid + 1;
      } else {
        hi = mid;
        best = r;
      }
    }
    if (best == null) {
      throw new AssertionError("17 digits always read back: " + v);
    }
    BigDecimal stripped = best.stripTrailingZeros();
    String unscaled = stripped.unscaledValue().toString();
    return new Decimal(unscaled, unscaled.length() - stripped.scale());
  }

  /** A p-digit decimal nearest to exact that reads back to v, or null when none does. */
  private static BigDecimal readingBack(BigDecimal exact, double v, int p) {
    BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
    if (r.doubleValue() == v) {
      return r;
    }
    RoundingMode away = r.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR;
    r = exact.round(new MathContext(p, away));
    return r.doubleValue() == v ? r : null;
  }
}
