package io.bongsu.metrics.scrape.config;

import java.util.Locale;

/** Relabeling actions, written in lower case in YAML. */
public enum RelabelAction {
  REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE,
  UPPERCASE;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RelabelAction parse(String s, String field) {
    for (RelabelAction a : values()) {
      if (a.yamlName().equals(s.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new ConfigException(field + ": unknown relabel action \"" + s + "\"");
  }
}
