package io.bongsu.common.labels;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher of a series selector: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}.
 * Regexes are fully anchored and let {@code .} match newlines, as in Prometheus and Loki.
 * A missing label matches as the empty string.
 */
public final class LabelMatcher {
  public enum Type {
    EQ("="), NEQ("!="), RE("=~"), NRE("!~");

    private final String symbol;

    Type(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private LabelMatcher(Type type, String name, String value) {
    this.type = type;
    this.name = name;
    this.value = value;
    this.pattern = type == Type.RE || type == Type.NRE
        ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL)
        : null;
  }

  /** @throws IllegalArgumentException when a regex does not compile */
  public static LabelMatcher of(Type type, String name, String value) {
    try {
      return new LabelMatcher(type, name, value);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "error parsing regexp: " + e.getDescription() + ": `" + value + "`", e);
    }
  }

  public static LabelMatcher eq(String name, String value) {
    return of(Type.EQ, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  public boolean matches(String v) {
    if (v == null) {
      v = "";
    }
    return switch (type) {
      case EQ -> value.equals(v);
      case NEQ -> !value.equals(v);
      case RE -> pattern.matcher(v).matches();
      case NRE -> !pattern.matcher(v).matches();
    };
  }

  public boolean matches(Labels labels) {
    return matches(labels.getOrEmpty(name));
  }

  /** True when the matcher also matches series that lack the label entirely. */
  public boolean matchesEmpty() {
    return matches("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && m.type == type && m.name.equals(name)
        && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(type.symbol).append('"');
    Labels.escape(value, sb);
    return sb.append('"').toString();
  }
}
