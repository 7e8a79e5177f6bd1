package io.bongsu.exposition.write;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles the way Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} does, which is what
 * Prometheus client libraries and exporters print: the shortest digits that read back to the same
 * double, exponent form ({@code 1e+06}, {@code 1.5e-05}) when the exponent is below -4 or at least
 * max(digits, 6) (but the digit count when digits already cover the integer part), and
 * {@code NaN}, {@code +Inf}, {@code -Inf} for the special values.
 */
public final class GoFloat {
  private GoFloat() {}

  public static String format(double v) {
    StringBuilder sb = new StringBuilder(24);
    append(sb, v);
    return sb.toString();
  }

  public static void append(StringBuilder out, double v) {
    if (Double.isNaN(v)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(v)) {
      out.append(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    if (v == 0) {
      out.append(1 / v < 0 ? "-0" : "0");
      return;
    }
    if (v < 0) {
      out.append('-');
      v = -v;
    }
    if (v == Math.rint(v) && v < 1e15) {
      long l = (long) v;
      appendInteger(out, l);
      return;
    }
    // digits and decimal point position: value = 0.d1d2d3... * 10^dp
    String digits;
    int dp;
    String s = Double.toString(v);
    int e = s.indexOf('E');
    String mantissa = e < 0 ? s : s.substring(0, e);
    int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String raw = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int point = dot + exp;
    int lead = 0;
    while (lead < raw.length() - 1 && raw.charAt(lead) == '0') {
      lead++;
    }
    int end = raw.length();
    while (end > lead + 1 && raw.charAt(end - 1) == '0') {
      end--;
    }
    digits = raw.substring(lead, end);
    dp = point - lead;
    if (digits.length() >= 16 || v < Double.MIN_NORMAL) {
      // JDK 17's Double.toString is not always the shortest round-trip form.
      String[] shortest = shortest(v);
      if (shortest != null) {
        digits = shortest[0];
        dp = Integer.parseInt(shortest[1]);
      }
    }
    int nd = digits.length();
    int eprec = 6;
    if (eprec > nd && nd >= dp) {
      eprec = nd;
    }
    int x = dp - 1;
    if (x < -4 || x >= eprec) {
      out.append(digits.charAt(0));
      if (nd > 1) {
        out.append('.').append(digits, 1, nd);
      }
      out.append('e').append(x < 0 ? '-' : '+');
      int ax = Math.abs(x);
      if (ax < 10) {
        out.append('0');
      }
      out.append(ax);
    } else if (dp <= 0) {
      out.append("0.");
      for (int i = dp; i < 0; i++) {
        out.append('0');
      }
      out.append(digits);
    } else if (dp >= nd) {
      out.append(digits);
      for (int i = nd; i < dp; i++) {
        out.append('0');
      }
    } else {
      out.append(digits, 0, dp).append('.').append(digits, dp, nd);
    }
  }

  private static void appendInteger(StringBuilder out, long l) {
    // integers below 1e15 have at most 15 significant digits, so Double.toString is exact here
    String s = Long.toString(l);
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == '0') {
      end--;
    }
    int nd = end;
    int dp = s.length();
    int eprec = 6;
    if (eprec > nd && nd >= dp) {
      eprec = nd;
    }
    if (dp - 1 >= eprec) {
      out.append(s.charAt(0));
      if (nd > 1) {
        out.append('.').append(s, 1, nd);
      }
      int x = dp - 1;
      out.append("e+");
      if (x < 10) {
        out.append('0');
      }
      out.append(x);
    } else {
      out.append(s);
    }
  }

  private static String[] shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == v) {
        BigDecimal stripped = r.stripTrailingZeros();
        String unscaled = stripped.unscaledValue().toString();
        int dp = unscaled.length() - stripped.scale();
        return new String[] {unscaled, Integer.toString(dp)};
      }
    }
    return null;
  }
}
