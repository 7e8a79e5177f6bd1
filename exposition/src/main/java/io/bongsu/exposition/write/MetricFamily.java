package io.bongsu.exposition.write;

import io.bongsu.exposition.MetricType;
import java.util.ArrayList;
import java.util.List;

/**
 * A named group of samples with one type, help text and optional unit. The name is the one a text
 * format 0.0.4 exposition shows (a counter may or may not end in {@code _total}); the OpenMetrics
 * writer derives the OpenMetrics family name from it.
 */
public final class MetricFamily {
  private final String name;
  private final MetricType type;
  private final String help;
  private final String unit;
  private final List<Sample> samples;

  public MetricFamily(String name, MetricType type, String help, String unit, List<Sample> samples) {
    if (!MetricNames.isValidMetricName(name)) {
      throw new IllegalArgumentException("invalid metric name: " + name);
    }
    if (type == null) {
      throw new IllegalArgumentException("metric " + name + " has no type");
    }
    this.name = name;
    this.type = type;
    this.help = help == null ? "" : help;
    this.unit = unit == null ? "" : unit;
    this.samples = List.copyOf(samples);
  }

  public static Builder builder(String name, MetricType type, String help) {
    return new Builder(name, type, help);
  }

  public String name() {
    return name;
  }

  public MetricType type() {
    return type;
  }

  public String help() {
    return help;
  }

  /** The unit, or "" when none. */
  public String unit() {
    return unit;
  }

  public List<Sample> samples() {
    return samples;
  }

  @Override
  public String toString() {
    return type.text() + " " + name + " " + samples;
  }

  /** Collects samples for one family. */
  public static final class Builder {
    private final String name;
    private final MetricType type;
    private final String help;
    private String unit = "";
    private final List<Sample> samples = new ArrayList<>();

    private Builder(String name, MetricType type, String help) {
      this.name = name;
      this.type = type;
      this.help = help;
    }

    public Builder unit(String unit) {
      this.unit = unit;
      return this;
    }

    public Builder add(Sample sample) {
      samples.add(sample);
      return this;
    }

    /** Adds a plain sample with alternating label names and values. */
    public Builder add(double value, String... labelNamesAndValues) {
      return add(Sample.of(value, labelNamesAndValues));
    }

    public boolean isEmpty() {
      return samples.isEmpty();
    }

    public String name() {
      return name;
    }

    public MetricFamily build() {
      return new MetricFamily(name, type, help, unit, samples);
    }
  }
}
