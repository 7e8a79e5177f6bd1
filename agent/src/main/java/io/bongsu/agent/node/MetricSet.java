package io.bongsu.agent.node;

import io.bongsu.exposition.write.MetricFamily;
import io.bongsu.exposition.write.MetricNames;
import io.bongsu.exposition.MetricType;
import io.bongsu.exposition.write.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one collector emits during a scrape. Labels are sorted by name and samples by label values,
 * the order node_exporter's registry exposes them in.
 */
public final class MetricSet {
  private final Map<String, MetricFamily.Builder> families = new LinkedHashMap<>();

  public void gauge(String name, String help, double value, String... labels) {
    add(MetricType.GAUGE, name, help, value, labels);
  }

  public void counter(String name, String help, double value, String... labels) {
    add(MetricType.COUNTER, name, help, value, labels);
  }

  public void untyped(String name, String help, double value, String... labels) {
    add(MetricType.UNKNOWN, name, help, value, labels);
  }

  /** Names built from host data are checked here so a bad one fails its collector, not the scrape. */
  public void add(MetricType type, String name, String help, double value, String... labels) {
    MetricFamily.Builder b = families.get(name);
    if (b == null) {
      if (!MetricNames.isValidMetricName(name)) {
        throw new IllegalArgumentException("invalid metric name: " + name);
      }
      b = MetricFamily.builder(name, type, help);
      families.put(name, b);
    }
    b.add(Sample.of(value, sortedPairs(labels)));
  }

  /** A sample of a family whose lines carry a suffix (a histogram's {@code _bucket}, say). */
  public void addSample(MetricType type, String family, String help, Sample sample) {
    MetricFamily.Builder b = families.get(family);
    if (b == null) {
      if (!MetricNames.isValidMetricName(family)) {
        throw new IllegalArgumentException("invalid metric name: " + family);
      }
      b = MetricFamily.builder(family, type, help);
      families.put(family, b);
    }
    b.add(sample);
  }

  public List<MetricFamily> build() {
    List<MetricFamily> out = new ArrayList<>(families.size());
    for (MetricFamily.Builder b : families.values()) {
      MetricFamily f = b.build();
      List<Sample> samples = new ArrayList<>(f.samples());
      // Families with suffixed lines (histograms from textfiles) keep their written order.
      if (samples.stream().allMatch(x -> x.suffix().isEmpty())) {
        samples.sort(SAMPLE_ORDER);
        dropRepeatedLabelSets(samples);
      }
      out.add(new MetricFamily(f.name(), f.type(), f.help(), f.unit(), samples));
    }
    return out;
  }

  private static final Comparator<Sample> SAMPLE_ORDER = (a, b) -> {
    int n = Math.min(a.labelCount(), b.labelCount());
    for (int i = 0; i < n; i++) {
      int c = a.labelValue(i).compareTo(b.labelValue(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.labelCount(), b.labelCount());
  };

  /** A repeated label set would make the exposition invalid; the first sample of each set wins. */
  private static void dropRepeatedLabelSets(List<Sample> sorted) {
    for (int i = sorted.size() - 1; i > 0; i--) {
      if (sameLabels(sorted.get(i), sorted.get(i - 1))) {
        sorted.remove(i);
      }
    }
  }

  private static boolean sameLabels(Sample a, Sample b) {
    if (a.labelCount() != b.labelCount()) {
      return false;
    }
    for (int i = 0; i < a.labelCount(); i++) {
      if (!a.labelName(i).equals(b.labelName(i)) || !a.labelValue(i).equals(b.labelValue(i))) {
        return false;
      }
    }
    return true;
  }

  private static String[] sortedPairs(String[] labels) {
    int n = labels.length / 2;
    if (n <= 1) {
      return labels;
    }
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparing(i -> labels[2 * i]));
    String[] out = new String[labels.length];
    for (int i = 0; i < n; i++) {
      out[2 * i] = labels[2 * idx[i]];
      out[2 * i + 1] = labels[2 * idx[i] + 1];
    }
    return out;
  }
}
