package io.bongsu.metrics.scrape.relabel;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.RelabelConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/** Applies relabel steps with Prometheus's semantics, including Go's {@code $1}/{@code ${name}} expansion. */
public final class Relabeler {
  private Relabeler() {}

  /** The relabeled set, or null when a step dropped it. Empty values delete a label. */
  public static Labels process(Labels in, List<RelabelConfig> steps) {
    if (steps.isEmpty()) {
      return in;
    }
    TreeMap<String, String> lb = new TreeMap<>();
    in.forEach(lb::put);
    for (RelabelConfig c : steps) {
      if (!apply(lb, c)) {
        return null;
      }
    }
    return Labels.of(lb);
  }

  private static boolean apply(TreeMap<String, String> lb, RelabelConfig c) {
    String val = join(lb, c);
    switch (c.action()) {
      case DROP:
        return !c.pattern().matcher(val).matches();
      case KEEP:
        return c.pattern().matcher(val).matches();
      case DROPEQUAL:
        return !val.equals(lb.getOrDefault(c.targetLabel(), ""));
      case KEEPEQUAL:
        return val.equals(lb.getOrDefault(c.targetLabel(), ""));
      case REPLACE: {
        Matcher m = c.pattern().matcher(val);
        if (!m.matches()) {
          break;
        }
        String target = expand(m, c.targetLabel());
        if (!isLabelName(target)) {
          break;
        }
        set(lb, target, expand(m, c.replacement()));
        break;
      }
      case LOWERCASE:
        set(lb, c.targetLabel(), val.toLowerCase(Locale.ROOT));
        break;
      case UPPERCASE:
        set(lb, c.targetLabel(), val.toUpperCase(Locale.ROOT));
        break;
      case HASHMOD:
        set(lb, c.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(md5Tail(val), c.modulus())));
        break;
      case LABELMAP:
        for (Map.Entry<String, String> e : new TreeMap<>(lb).entrySet()) {
          Matcher m = c.pattern().matcher(e.getKey());
          if (m.matches()) {
            set(lb, expand(m, c.replacement()), e.getValue());
          }
        }
        break;
      case LABELDROP:
        lb.keySet().removeIf(n -> c.pattern().matcher(n).matches());
        break;
      case LABELKEEP:
        lb.keySet().removeIf(n -> !c.pattern().matcher(n).matches());
        break;
      default:
        throw new IllegalStateException("unhandled relabel action " + c.action());
    }
    return true;
  }

  private static String join(Map<String, String> lb, RelabelConfig c) {
    List<String> sources = c.sourceLabels();
    if (sources.size() == 1) {
      return lb.getOrDefault(sources.get(0), "");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sources.size(); i++) {
      if (i > 0) {
        sb.append(c.separator());
      }
      sb.append(lb.getOrDefault(sources.get(i), ""));
    }
    return sb.toString();
  }

  private static void set(Map<String, String> lb, String name, String value) {
    if (value.isEmpty()) {
      lb.remove(name);
    } else {
      lb.put(name, value);
    }
  }

  static boolean isLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'
          || (i > 0 && ch >= '0' && ch <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The low 64 bits of the MD5 digest, big-endian, as Prometheus's hashmod uses. */
  static long md5Tail(String s) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every JDK", e);
    }
    long v = 0;
    for (int i = 8; i < 16; i++) {
      v = (v << 8) | (d[i] & 0xff);
    }
    return v;
  }

  /**
   * Go's Regexp.Expand: {@code $name} takes the longest run of letters, digits and underscores,
   * {@code ${name}} is explicit, {@code $$} is a dollar; all-digit names are group numbers; a
   * missing group expands to nothing; a malformed reference is copied as text.
   */
  public static String expand(Matcher m, String template) {
    if (template.indexOf('$') < 0) {
      return template;
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char ch = template.charAt(i);
      if (ch != '$' || i + 1 >= n) {
        sb.append(ch);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        sb.append('$');
        i += 2;
        continue;
      }
      String name;
      int after;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        name = close < 0 ? "" : template.substring(i + 2, close);
        if (close < 0 || name.isEmpty() || !isWord(name)) {
          sb.append('$');
          i++;
          continue;
        }
        after = close + 1;
      } else {
        int j = i + 1;
        while (j < n && isWordChar(template.charAt(j))) {
          j++;
        }
        if (j == i + 1) {
          sb.append('$');
          i++;
          continue;
        }
        name = template.substring(i + 1, j);
        after = j;
      }
      sb.append(group(m, name));
      i = after;
    }
    return sb.toString();
  }

  private static String group(Matcher m, String name) {
    String g = null;
    if (name.chars().allMatch(Character::isDigit)) {
      if (name.length() < 10) {
        int idx = Integer.parseInt(name);
        if (idx <= m.groupCount()) {
          g = m.group(idx);
        }
      }
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException noSuchGroup) {
        g = null;
      }
    }
    return g == null ? "" : g;
  }

  private static boolean isWord(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isWordChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordChar(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  }
}
