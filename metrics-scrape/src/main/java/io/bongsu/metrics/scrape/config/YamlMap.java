package io.bongsu.metrics.scrape.config;

import io.bongsu.common.labels.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one YAML mapping field by field, so unknown and invalid fields are named in errors. */
final class YamlMap {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<?, ?> map;
  private final String path;
  private final Set<String> read = new HashSet<>();

  YamlMap(Object node, String path) {
    if (node == null) {
      node = Map.of();
    }
    if (!(node instanceof Map<?, ?> m)) {
      throw new ConfigException((path.isEmpty() ? "config" : path) + ": expected a mapping, got "
          + describe(node));
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new ConfigException(path + ": field names must be strings, got " + k);
      }
    }
    this.map = m;
    this.path = path;
  }

  String path() {
    return path;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  Object raw(String key) {
    read.add(key);
    return map.get(key);
  }

  String string(String key, String def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigException(field(key) + ": expected a string, got " + describe(v));
    }
    return v.toString();
  }

  boolean bool(String key, boolean def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Boolean b)) {
      throw new ConfigException(field(key) + ": expected true or false, got " + describe(v));
    }
    return b;
  }

  long nonNegative(String key, long def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Number n) || v instanceof Double || n.longValue() < 0) {
      throw new ConfigException(field(key) + ": expected a non-negative integer, got " + describe(v));
    }
    return n.longValue();
  }

  Duration duration(String key, Duration def) {
    String s = string(key, null);
    if (s == null) {
      return def;
    }
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(field(key) + ": " + e.getMessage());
    }
  }

  List<Object> list(String key) {
    Object v = raw(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(field(key) + ": expected a list, got " + describe(v));
    }
    return new ArrayList<>(l);
  }

  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    List<Object> l = list(key);
    for (int i = 0; i < l.size(); i++) {
      Object o = l.get(i);
      if (o == null || o instanceof Map || o instanceof List) {
        throw new ConfigException(field(key) + "[" + i + "]: expected a string, got " + describe(o));
      }
      out.add(o.toString());
    }
    return out;
  }

  YamlMap map(String key) {
    return new YamlMap(raw(key), field(key));
  }

  /** A mapping of label names to values, names checked. */
  Labels labels(String key) {
    YamlMap m = map(key);
    Map<String, String> out = new LinkedHashMap<>();
    for (Object k : m.map.keySet()) {
      String name = (String) k;
      if (!LABEL_NAME.matcher(name).matches()) {
        throw new ConfigException(m.field(name) + ": \"" + name + "\" is not a valid label name");
      }
      out.put(name, m.string(name, ""));
    }
    return Labels.of(out);
  }

  /** Fails on any field not read, naming it, as Prometheus's strict YAML decoding does. */
  void finish(String type) {
    for (Object k : map.keySet()) {
      if (!read.contains(k)) {
        throw new ConfigException(field((String) k) + ": field " + k + " not found in type " + type);
      }
    }
  }

  static boolean isLabelName(String s) {
    return LABEL_NAME.matcher(s).matches();
  }

  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    return "\"" + v + "\"";
  }
}
