package io.bongsu.exposition.write;

import java.util.Arrays;
import java.util.List;

/**
 * One sample line of a family. {@code suffix} is appended to the family's sample name ("" for the
 * plain value, "_bucket", "_sum", "_count", "_created", "_gsum", "_gcount"). Labels are kept as
 * written, in order, empty values included: exporters such as node_exporter expose empty label
 * values and scrapers decide what they mean.
 */
public final class Sample {
  /** Marks a sample without an explicit timestamp. */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  private final String suffix;
  private final String[] labelPairs;
  private final double value;
  private final long timestampMillis;

  private Sample(String suffix, String[] labelPairs, double value, long timestampMillis) {
    this.suffix = suffix;
    this.labelPairs = labelPairs;
    this.value = value;
    this.timestampMillis = timestampMillis;
  }

  /** A plain sample with alternating label names and values. */
  public static Sample of(double value, String... labelNamesAndValues) {
    return new Sample("", checkPairs(labelNamesAndValues), value, NO_TIMESTAMP);
  }

  public static Sample withSuffix(String suffix, double value, String... labelNamesAndValues) {
    return new Sample(suffix, checkPairs(labelNamesAndValues), value, NO_TIMESTAMP);
  }

  public static Sample of(String suffix, List<String> labelNamesAndValues, double value, long timestampMillis) {
    return new Sample(suffix, checkPairs(labelNamesAndValues.toArray(new String[0])), value, timestampMillis);
  }

  /** The same sample with an explicit timestamp in milliseconds since the epoch. */
  public Sample at(long timestampMillis) {
    return new Sample(suffix, labelPairs, value, timestampMillis);
  }

  private static String[] checkPairs(String[] pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs, got " + Arrays.toString(pairs));
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (!MetricNames.isValidLabelName(pairs[i])) {
        throw new IllegalArgumentException("invalid label name: " + pairs[i]);
      }
      if (pairs[i + 1] == null) {
        throw new IllegalArgumentException("label " + pairs[i] + " has a null value");
      }
    }
    return pairs.clone();
  }

  public String suffix() {
    return suffix;
  }

  public int labelCount() {
    return labelPairs.length / 2;
  }

  public String labelName(int i) {
    return labelPairs[2 * i];
  }

  public String labelValue(int i) {
    return labelPairs[2 * i + 1];
  }

  /** The value of a label, or null when absent. */
  public String label(String name) {
    for (int i = 0; i < labelPairs.length; i += 2) {
      if (labelPairs[i].equals(name)) {
        return labelPairs[i + 1];
      }
    }
    return null;
  }

  public double value() {
    return value;
  }

  public boolean hasTimestamp() {
    return timestampMillis != NO_TIMESTAMP;
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  @Override
  public String toString() {
    return suffix + Arrays.toString(labelPairs) + " " + value;
  }
}
