package io.bongsu.metrics.scrape.config;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One relabeling step with Prometheus's defaults: separator {@code ;}, regex {@code (.*)} fully
 * anchored, replacement {@code $1}, action {@code replace}.
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    String regex,
    Pattern pattern,
    String targetLabel,
    String replacement,
    long modulus,
    RelabelAction action) {

  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REGEX = "(.*)";
  public static final String DEFAULT_REPLACEMENT = "$1";
  private static final Pattern TARGET_TEMPLATE =
      Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

  /** Compiles a Prometheus (RE2) regex anchored at both ends, with {@code (?P<name>)} groups. */
  public static Pattern compile(String regex) {
    return Pattern.compile("^(?:" + regex.replace("(?P<", "(?<") + ")$");
  }

  /** Builds and validates a step, throwing ConfigException naming {@code field} when invalid. */
  public static RelabelConfig of(
      List<String> sourceLabels, String separator, String regex, String targetLabel,
      String replacement, long modulus, RelabelAction action, String field) {
    Pattern pattern;
    try {
      pattern = compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(field + ".regex: invalid regular expression \"" + regex + "\": "
          + e.getDescription());
    }
    RelabelConfig c = new RelabelConfig(List.copyOf(sourceLabels), separator, regex, pattern,
        targetLabel, replacement, modulus, action);
    c.validate(field);
    return c;
  }

  static RelabelConfig parse(Object node, String path) {
    YamlMap m = new YamlMap(node, path);
    List<String> sources = m.strings("source_labels");
    for (int i = 0; i < sources.size(); i++) {
      if (!YamlMap.isLabelName(sources.get(i))) {
        throw new ConfigException(m.field("source_labels") + "[" + i + "]: \"" + sources.get(i)
            + "\" is not a valid label name");
      }
    }
    String separator = m.string("separator", DEFAULT_SEPARATOR);
    String regex = m.string("regex", DEFAULT_REGEX);
    String target = m.string("target_label", "");
    String replacement = m.string("replacement", DEFAULT_REPLACEMENT);
    long modulus = m.nonNegative("modulus", 0);
    RelabelAction action = RelabelAction.parse(m.string("action", "replace"), m.field("action"));
    m.finish("relabel.Config");
    RelabelConfig c = of(sources, separator, regex, target, replacement, modulus, action, path);
    return c;
  }

  private void validate(String field) {
    String a = action.yamlName();
    if (action == RelabelAction.HASHMOD && modulus == 0) {
      throw new ConfigException(field + ": relabel configuration for hashmod requires non-zero modulus");
    }
    boolean needsTarget = switch (action) {
      case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
      default -> false;
    };
    if (needsTarget && targetLabel.isEmpty()) {
      throw new ConfigException(field + ": relabel configuration for " + a
          + " action requires 'target_label' value");
    }
    if (action == RelabelAction.REPLACE && !TARGET_TEMPLATE.matcher(targetLabel).matches()) {
      throw new ConfigException(field + ": \"" + targetLabel + "\" is invalid 'target_label' for " + a + " action");
    }
    boolean plainTarget = switch (action) {
      case HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
      default -> false;
    };
    if (plainTarget && !YamlMap.isLabelName(targetLabel)) {
      throw new ConfigException(field + ": \"" + targetLabel + "\" is invalid 'target_label' for " + a + " action");
    }
    if (action == RelabelAction.LABELMAP && !TARGET_TEMPLATE.matcher(replacement).matches()) {
      throw new ConfigException(field + ": \"" + replacement + "\" is invalid 'replacement' for " + a + " action");
    }
    if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
        && (!regex.equals(DEFAULT_REGEX) || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
            || !replacement.equals(DEFAULT_REPLACEMENT))) {
      throw new ConfigException(field + ": " + a
          + " action requires only 'source_labels' and 'target_label', and no other fields");
    }
    if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
        && (!sourceLabels.isEmpty() || !targetLabel.isEmpty() || modulus != 0
            || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
      throw new ConfigException(field + ": " + a + " action requires only 'regex', and no other fields");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelabelConfig r && sourceLabels.equals(r.sourceLabels)
        && separator.equals(r.separator) && regex.equals(r.regex)
        && targetLabel.equals(r.targetLabel) && replacement.equals(r.replacement)
        && modulus == r.modulus && action == r.action;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceLabels, separator, regex, targetLabel, replacement, modulus, action);
  }
}
