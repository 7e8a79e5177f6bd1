package io.bongsu.promql.functions;

/**
 * UTC calendar fields of a Unix time given as float seconds, computed the way Prometheus (Go's
 * time package on amd64) does for every input: the float is truncated to int64 (NaN, ±Inf and
 * out-of-range values become Long.MIN_VALUE), then counted in unsigned 64-bit seconds from an
 * "absolute zero" year far in the past, so huge and non-finite inputs wrap exactly as there.
 */
public final class CivilTime {
  private static final long ABSOLUTE_ZERO_YEAR = -292_277_022_399L;
  /** Seconds from year 1 to the Unix epoch, plus from absolute zero to year 1. */
  private static final long UNIX_TO_ABSOLUTE = 62_135_596_800L + 9_223_371_966_579_724_800L;
  private static final int DAYS_PER_400_YEARS = 365 * 400 + 97;
  private static final int DAYS_PER_100_YEARS = 365 * 100 + 24;
  private static final int DAYS_PER_4_YEARS = 365 * 4 + 1;
  private static final int[] DAYS_BEFORE_MONTH =
      {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

  public final long year;
  /** 1..12 */
  public final int month;
  /** 1..31 */
  public final int dayOfMonth;
  /** 1..366 */
  public final int dayOfYear;
  /** 0 = Sunday */
  public final int dayOfWeek;
  public final int hour;
  public final int minute;
  public final int daysInMonth;

  private CivilTime(double unixSeconds) {
    long sec = Double.isNaN(unixSeconds) || unixSeconds >= 0x1p63 || unixSeconds < -0x1p63
        ? Long.MIN_VALUE : (long) unixSeconds;
    long abs = sec + UNIX_TO_ABSOLUTE;
    long days = Long.divideUnsigned(abs, 86_400);
    int secOfDay = (int) Long.remainderUnsigned(abs, 86_400);
    hour = secOfDay / 3600;
    minute = secOfDay % 3600 / 60;
    // Absolute zero is a Monday.
    dayOfWeek = (int) (Long.remainderUnsigned(abs + 86_400, 7 * 86_400) / 86_400);

    long n = days / DAYS_PER_400_YEARS;
    long y = 400 * n;
    long d = days - DAYS_PER_400_YEARS * n;
    n = d / DAYS_PER_100_YEARS;
    n -= n >> 2;
    y += 100 * n;
    d -= DAYS_PER_100_YEARS * n;
    n = d / DAYS_PER_4_YEARS;
    y += 4 * n;
    d -= DAYS_PER_4_YEARS * n;
    n = d / 365;
    n -= n >> 2;
    y += n;
    d -= 365 * n;
    year = y + ABSOLUTE_ZERO_YEAR;
    int yday = (int) d;
    dayOfYear = yday + 1;
    boolean leap = Math.floorMod(year, 4) == 0
        && (Math.floorMod(year, 100) != 0 || Math.floorMod(year, 400) == 0);
    int m = 0;
    int begin = 0;
    for (int k = 0; k < 12; k++) {
      int start = DAYS_BEFORE_MONTH[k] + (leap && k >= 2 ? 1 : 0);
      if (yday >= start) {
        m = k;
        begin = start;
      }
    }
    month = m + 1;
    dayOfMonth = yday - begin + 1;
    int length = DAYS_BEFORE_MONTH[m + 1] - DAYS_BEFORE_MONTH[m];
    daysInMonth = m == 1 && leap ? 29 : length;
  }

  public static CivilTime ofUnixSeconds(double unixSeconds) {
    return new CivilTime(unixSeconds);
  }
}
