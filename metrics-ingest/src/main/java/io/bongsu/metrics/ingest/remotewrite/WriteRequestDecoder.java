package io.bongsu.metrics.ingest.remotewrite;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.SampleRejectedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a Prometheus remote write 1.0 {@code WriteRequest} protobuf straight into an
 * {@link Appender}: labels become one {@link Labels} per series, samples go to the appender as
 * they are read, with no object per sample.
 *
 * <p>Each series is read twice: once for its labels (the wire order of fields is free, so samples
 * may precede labels), then for its samples. The first pass only finds the raw label bytes: a
 * series seen before with the same bytes (see {@link SeriesCache}) reuses its labels and storage
 * reference, so a repeated series costs one hash and a comparison of its label fields, no label
 * decoding and no allocation. Native histograms and exemplars are counted and
 * skipped: the store holds floats only so far. Invalid series and rejected samples are skipped
 * and reported in the result; a malformed message throws {@link RemoteWriteException} and the
 * caller must roll the appender back. One instance serves one thread.
 */
public final class WriteRequestDecoder {
  private static final int MAX_ERRORS = 10;
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LEN = 2;
  private static final int WIRE_FIXED32 = 5;
  private static final String[] METADATA_TYPES = {
    "unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"
  };

  private final StringCache strings;
  private final SeriesCache series;
  /** Minutes since the epoch at the start of the request, for the series cache's sweep. */
  private int epoch;
  private final Labels.Builder builder = new Labels.Builder();
  private String[] names = new String[16];
  private int nameCount;
  private byte[] buf;
  private int pos;
  private String labelName;
  private String labelValue;

  private long samplesAppended;
  private long samplesRejected;
  private long seriesRejected;
  private long histogramsSkipped;
  private long exemplarsSkipped;
  private long metadataReceived;
  private List<String> errors;

  public WriteRequestDecoder() {
    this(new StringCache(1024), new SeriesCache(1024));
  }

  /** Shares label strings and known series with other decoders through the caches. */
  WriteRequestDecoder(StringCache strings, SeriesCache series) {
    this.strings = strings;
    this.series = series;
  }

  /** Decodes {@code buf[off, off+len)} and appends its samples; does not commit. */
  public RemoteWriteResult decode(
      byte[] buf, int off, int len, Appender appender, MetadataSink metadata)
      throws RemoteWriteException {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IllegalArgumentException("range outside the buffer");
    }
    this.buf = buf;
    this.pos = off;
    samplesAppended = 0;
    samplesRejected = 0;
    seriesRejected = 0;
    histogramsSkipped = 0;
    exemplarsSkipped = 0;
    metadataReceived = 0;
    errors = new ArrayList<>(0);
    epoch = (int) (System.currentTimeMillis() / 60_000);
    int end = off + len;
    while (pos < end) {
      int tag = readTag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field == 1) {
        int msgEnd = readLengthPrefix(wire, end, "WriteRequest.timeseries");
        decodeTimeSeries(pos, msgEnd, appender);
        pos = msgEnd;
      } else if (field == 3) {
        int msgEnd = readLengthPrefix(wire, end, "WriteRequest.metadata");
        decodeMetadata(msgEnd, metadata);
      } else {
        skip(wire, end);
      }
    }
    this.buf = null;
    return new RemoteWriteResult(samplesAppended, samplesRejected, seriesRejected,
        histogramsSkipped, exemplarsSkipped, metadataReceived, List.copyOf(errors));
  }

  private void decodeTimeSeries(int start, int end, Appender appender)
      throws RemoteWriteException {
    // Pass 1: find the label fields and count samples, without decoding any string. Senders
    // write all labels in one run; only then are the series' label bytes a cache key.
    int labelsFrom = -1;
    int labelsTo = -1;
    boolean oneRun = true;
    int sampleCount = 0;
    while (pos < end) {
      int fieldStart = pos;
      int tag = readTag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> {
          int labelEnd = readLengthPrefix(wire, end, "TimeSeries.labels");
          if (labelsFrom < 0) {
            labelsFrom = fieldStart;
          } else if (labelsTo != fieldStart) {
            oneRun = false;
          }
          labelsTo = labelEnd;
          pos = labelEnd;
        }
        case 2 -> {
          pos = readLengthPrefix(wire, end, "TimeSeries.samples");
          sampleCount++;
        }
        case 3 -> {
          pos = readLengthPrefix(wire, end, "TimeSeries.exemplars");
          exemplarsSkipped++;
        }
        case 4 -> {
          pos = readLengthPrefix(wire, end, "TimeSeries.histograms");
          histogramsSkipped++;
        }
        default -> skip(wire, end);
      }
    }
    if (sampleCount == 0) {
      decodeLabels(start, end);
      pos = end;
      return;
    }
    boolean cacheable = oneRun && labelsFrom >= 0;
    long hash = cacheable ? hash(buf, labelsFrom, labelsTo) : 0;
    SeriesCache.Entry cached = cacheable ? series.get(hash, epoch) : null;
    Labels labels;
    long ref;
    String invalid = null;
    if (cached != null && cached.matches(buf, labelsFrom, labelsTo)) {
      labels = cached.labels;
      ref = cached.ref;
    } else {
      cached = null;
      ref = 0;
      labels = decodeLabels(start, end);
      invalid = validate(labels);
      if (invalid != null) {
        seriesRejected++;
        error("invalid series " + labels + ": " + invalid);
      }
    }
    pos = start;
    while (pos < end) {
      int tag = readTag(end);
      if (tag >>> 3 != 2) {
        skip(tag & 7, end);
        continue;
      }
      int sampleEnd = readLengthPrefix(tag & 7, end, "TimeSeries.samples");
      double value = 0;
      long timestamp = 0;
      while (pos < sampleEnd) {
        int t = readTag(sampleEnd);
        if (t == (1 << 3 | WIRE_FIXED64)) {
          value = Double.longBitsToDouble(readFixed64(sampleEnd));
        } else if (t == (2 << 3 | WIRE_VARINT)) {
          timestamp = readVarint64(sampleEnd);
        } else if ((t >>> 3) == 1 || (t >>> 3) == 2) {
          throw malformed("Sample field " + (t >>> 3) + " has wire type " + (t & 7));
        } else {
          skip(t & 7, sampleEnd);
        }
      }
      if (invalid != null) {
        continue;
      }
      try {
        ref = appender.append(ref, labels, timestamp, value);
        samplesAppended++;
      } catch (SampleRejectedException e) {
        samplesRejected++;
        error(e.getMessage() + " for series " + labels + " at timestamp " + timestamp);
      }
    }
    if (cacheable && invalid == null && ref != 0 && (cached == null || cached.ref != ref)) {
      // Hold the storage's own label set when it offers it: no second copy per series, and the
      // storage recognises it by identity.
      Labels kept = appender.labels(ref);
      Labels cachedLabels = kept != null && kept.equals(labels) ? kept : labels;
      series.put(hash, buf, labelsFrom, labelsTo, cachedLabels, ref, epoch);
    }
  }

  /** Decodes the label fields of the TimeSeries at [start, end) into labels (names kept too). */
  private Labels decodeLabels(int start, int end) throws RemoteWriteException {
    builder.reset();
    nameCount = 0;
    pos = start;
    while (pos < end) {
      int tag = readTag(end);
      if (tag >>> 3 != 1) {
        skip(tag & 7, end);
        continue;
      }
      int labelEnd = readLengthPrefix(tag & 7, end, "TimeSeries.labels");
      decodeLabel(labelEnd);
      addName(labelName);
      builder.set(labelName, labelValue);
    }
    return builder.build();
  }

  private static final long SEED = 0x2545F4914F6CDD1DL;
  private static final long K = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** A 64-bit hash of {@code b[from, to)}; the cache confirms a match by the bytes themselves. */
  static long hash(byte[] b, int from, int to) {
    long h = SEED ^ (to - from) * K;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(b, i)) * K, 31);
    }
    long tail = 0;
    for (int shift = 0; i < to; i++, shift += 8) {
      tail |= (b[i] & 0xFFL) << shift;
    }
    h = Long.rotateLeft((h ^ tail) * K, 31);
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  private void decodeLabel(int end) throws RemoteWriteException {
    labelName = "";
    labelValue = "";
    while (pos < end) {
      int tag = readTag(end);
      int field = tag >>> 3;
      if (field == 1) {
        labelName = readString(tag & 7, end, "Label.name");
      } else if (field == 2) {
        labelValue = readString(tag & 7, end, "Label.value");
      } else {
        skip(tag & 7, end);
      }
    }
  }

  private void decodeMetadata(int end, MetadataSink sink) throws RemoteWriteException {
    int type = 0;
    String family = "";
    String help = "";
    String unit = "";
    while (pos < end) {
      int tag = readTag(end);
      switch (tag >>> 3) {
        case 1 -> {
          if ((tag & 7) != WIRE_VARINT) {
            throw malformed("MetricMetadata.type has wire type " + (tag & 7));
          }
          type = (int) readVarint64(end);
        }
        case 2 -> family = readString(tag & 7, end, "MetricMetadata.metric_family_name");
        case 4 -> help = readString(tag & 7, end, "MetricMetadata.help");
        case 5 -> unit = readString(tag & 7, end, "MetricMetadata.unit");
        default -> skip(tag & 7, end);
      }
    }
    metadataReceived++;
    sink.accept(family, type >= 0 && type < METADATA_TYPES.length ? METADATA_TYPES[type]
        : "unknown", help, unit);
  }

  private void addName(String name) {
    if (nameCount == names.length) {
      names = Arrays.copyOf(names, nameCount * 2);
    }
    names[nameCount++] = name;
  }

  /** Why the series cannot be stored, or null; the rules of Prometheus's label validation. */
  private String validate(Labels labels) {
    for (int i = 0; i < nameCount; i++) {
      String n = names[i];
      if (!isValidLabelName(n)) {
        return "invalid label name \"" + n + "\"";
      }
      for (int j = 0; j < i; j++) {
        if (names[j].equals(n)) {
          return "label name \"" + n + "\" is not unique";
        }
      }
    }
    String metric = labels.metricName();
    if (metric == null) {
      return "missing metric name";
    }
    if (!isValidMetricName(metric)) {
      return "invalid metric name \"" + metric + "\"";
    }
    return null;
  }

  static boolean isValidLabelName(String n) {
    if (n.isEmpty()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static boolean isValidMetricName(String n) {
    if (n.isEmpty()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private void error(String message) {
    if (errors.size() < MAX_ERRORS) {
      errors.add(message);
    }
  }

  private int readTag(int end) throws RemoteWriteException {
    long tag = readVarint64(end);
    if (tag <= 0 || tag > 0xFFFFFFFFL || (tag >>> 3) == 0) {
      throw malformed("invalid field tag " + tag);
    }
    return (int) tag;
  }

  /** Reads a length prefix and returns where that field ends, leaving pos at its start. */
  private int readLengthPrefix(int wire, int end, String what) throws RemoteWriteException {
    if (wire != WIRE_LEN) {
      throw malformed(what + " has wire type " + wire + ", want length-delimited");
    }
    long len = readVarint64(end);
    if (len < 0 || len > end - pos) {
      throw malformed(what + " length " + len + " runs past the end of its message");
    }
    return pos + (int) len;
  }

  private String readString(int wire, int end, String what) throws RemoteWriteException {
    int strEnd = readLengthPrefix(wire, end, what);
    int start = pos;
    pos = strEnd;
    boolean ascii = true;
    for (int i = start; i < strEnd; i++) {
      if (buf[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return strings.ascii(buf, start, strEnd - start);
    }
    if (!Utf8.isValid(buf, start, strEnd)) {
      throw malformed(what + " is not valid UTF-8");
    }
    return new String(buf, start, strEnd - start, StandardCharsets.UTF_8);
  }

  private long readVarint64(int end) throws RemoteWriteException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw malformed("varint runs past the end of its message");
      }
      byte b = buf[pos++];
      if (shift == 63 && (b & 0xFE) != 0) {
        throw malformed("varint overflows 64 bits");
      }
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("varint overflows 64 bits");
  }

  private long readFixed64(int end) throws RemoteWriteException {
    if (end - pos < 8) {
      throw malformed("fixed64 runs past the end of its message");
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFFL);
    }
    pos += 8;
    return v;
  }

  private void skip(int wire, int end) throws RemoteWriteException {
    switch (wire) {
      case WIRE_VARINT -> readVarint64(end);
      case WIRE_FIXED64 -> skipBytes(8, end);
      case WIRE_LEN -> pos = readLengthPrefix(wire, end, "unknown field");
      case WIRE_FIXED32 -> skipBytes(4, end);
      default -> throw malformed("unsupported wire type " + wire);
    }
  }

  private void skipBytes(int n, int end) throws RemoteWriteException {
    if (end - pos < n) {
      throw malformed("field runs past the end of its message");
    }
    pos += n;
  }

  private RemoteWriteException malformed(String detail) {
    return new RemoteWriteException("malformed protobuf WriteRequest: " + detail);
  }
}
