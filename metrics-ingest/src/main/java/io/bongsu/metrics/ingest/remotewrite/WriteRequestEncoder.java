package io.bongsu.metrics.ingest.remotewrite;

import io.bongsu.common.labels.Labels;

/**
 * Builds a remote write 1.0 {@code WriteRequest} in protobuf wire format, for tests, the
 * benchmark harness and any Bongsu component that forwards samples. Fields holding their proto3
 * default are left out, as protobuf encoders do, except a -0.0 sample value, kept bit-exact.
 */
public final class WriteRequestEncoder {
  private final ProtoWriter out = new ProtoWriter();

  /** Adds one series; labels are written in the given order, so tests can send any order. */
  public WriteRequestEncoder addSeries(String[] namesAndValues, long[] timestamps,
      double[] values) {
    if (namesAndValues.length % 2 != 0 || timestamps.length != values.length) {
      throw new IllegalArgumentException("labels need pairs; timestamps and values must match");
    }
    byte[][] labelBytes = new byte[namesAndValues.length][];
    int seriesSize = 0;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labelBytes[i] = ProtoWriter.utf8(namesAndValues[i]);
      labelBytes[i + 1] = ProtoWriter.utf8(namesAndValues[i + 1]);
      seriesSize += ProtoWriter.fieldSize(labelSize(labelBytes[i], labelBytes[i + 1]));
    }
    for (int i = 0; i < timestamps.length; i++) {
      seriesSize += ProtoWriter.fieldSize(sampleSize(timestamps[i], values[i]));
    }
    out.tag(1, 2);
    out.varint(seriesSize);
    for (int i = 0; i < labelBytes.length; i += 2) {
      out.tag(1, 2);
      out.varint(labelSize(labelBytes[i], labelBytes[i + 1]));
      if (labelBytes[i].length > 0) {
        out.lengthDelimited(1, labelBytes[i]);
      }
      if (labelBytes[i + 1].length > 0) {
        out.lengthDelimited(2, labelBytes[i + 1]);
      }
    }
    for (int i = 0; i < timestamps.length; i++) {
      out.tag(2, 2);
      out.varint(sampleSize(timestamps[i], values[i]));
      long bits = Double.doubleToRawLongBits(values[i]);
      if (bits != 0) {
        out.tag(1, 1);
        out.fixed64(bits);
      }
      if (timestamps[i] != 0) {
        out.tag(2, 0);
        out.varint(timestamps[i]);
      }
    }
    return this;
  }

  public WriteRequestEncoder addSeries(Labels labels, long[] timestamps, double[] values) {
    String[] pairs = new String[labels.size() * 2];
    for (int i = 0; i < labels.size(); i++) {
      pairs[2 * i] = labels.name(i);
      pairs[2 * i + 1] = labels.value(i);
    }
    return addSeries(pairs, timestamps, values);
  }

  public WriteRequestEncoder addSample(Labels labels, long timestamp, double value) {
    return addSeries(labels, new long[] {timestamp}, new double[] {value});
  }

  /**
   * Adds one metadata entry.
   *
   * @param type counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown
   */
  public WriteRequestEncoder addMetadata(String metricFamilyName, String type, String help,
      String unit) {
    int typeCode = metadataTypeCode(type);
    byte[] family = ProtoWriter.utf8(metricFamilyName);
    byte[] helpBytes = ProtoWriter.utf8(help);
    byte[] unitBytes = ProtoWriter.utf8(unit);
    int size = (typeCode != 0 ? 1 + ProtoWriter.varintSize(typeCode) : 0)
        + optionalFieldSize(family) + optionalFieldSize(helpBytes)
        + optionalFieldSize(unitBytes);
    out.tag(3, 2);
    out.varint(size);
    if (typeCode != 0) {
      out.tag(1, 0);
      out.varint(typeCode);
    }
    writeOptional(2, family);
    writeOptional(4, helpBytes);
    writeOptional(5, unitBytes);
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  /** The request snappy-compressed in block format, ready to POST. */
  public byte[] toSnappy() {
    return SnappyBlock.compress(out.toByteArray());
  }

  public WriteRequestEncoder reset() {
    out.reset();
    return this;
  }

  private void writeOptional(int field, byte[] b) {
    if (b.length > 0) {
      out.lengthDelimited(field, b);
    }
  }

  private static int optionalFieldSize(byte[] b) {
    return b.length > 0 ? ProtoWriter.fieldSize(b.length) : 0;
  }

  private static int labelSize(byte[] name, byte[] value) {
    return optionalFieldSize(name) + optionalFieldSize(value);
  }

  private static int sampleSize(long timestamp, double value) {
    return (Double.doubleToRawLongBits(value) != 0 ? 9 : 0)
        + (timestamp != 0 ? 1 + ProtoWriter.varintSize(timestamp) : 0);
  }

  private static int metadataTypeCode(String type) {
    return switch (type) {
      case "unknown", "" -> 0;
      case "counter" -> 1;
      case "gauge" -> 2;
      case "histogram" -> 3;
      case "gaugehistogram" -> 4;
      case "summary" -> 5;
      case "info" -> 6;
      case "stateset" -> 7;
      default -> throw new IllegalArgumentException("unknown metadata type " + type);
    };
  }
}
