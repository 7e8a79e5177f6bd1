package io.bongsu.promql.ast;

/** The {@code @} modifier: a fixed Unix-millisecond time, or the query's start or end. */
public record AtModifier(Kind kind, long timeMillis) {
  public enum Kind { TIMESTAMP, START, END }

  public static final AtModifier START = new AtModifier(Kind.START, 0);
  public static final AtModifier END = new AtModifier(Kind.END, 0);

  /** The time this modifier pins evaluation to, for a query running from start to end. */
  public long resolve(long queryStart, long queryEnd) {
    return switch (kind) {
      case TIMESTAMP -> timeMillis;
      case START -> queryStart;
      case END -> queryEnd;
    };
  }
}
