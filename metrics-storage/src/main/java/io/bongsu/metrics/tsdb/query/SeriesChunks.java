package io.bongsu.metrics.tsdb.query;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One series as a list of chunks, possibly from several blocks and the head, clipped to a time
 * range. Chunks listed earlier win when two hold the same timestamp.
 */
public final class SeriesChunks implements Series {
  private final Labels labels;
  private final List<ChunkRef> chunks;
  private final long mint;
  private final long maxt;
  /**
   * The iterator {@link #hasSamples()} decoded up to the first sample in range, handed out by the
   * next {@link #iterator()} so a straddling chunk is not decoded twice.
   */
  private final AtomicReference<SampleIterator> primed = new AtomicReference<>();

  public SeriesChunks(Labels labels, List<ChunkRef> chunks, long mint, long maxt) {
    this.labels = labels;
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  public List<ChunkRef> chunks() {
    return chunks;
  }

  /** Whether any sample falls in the range; decodes only when a chunk straddles its edges. */
  public boolean hasSamples() {
    for (ChunkRef c : chunks) {
      if (c.minT >= mint && c.maxT <= maxt) {
        return true;
      }
    }
    SampleIterator it = iterator();
    if (!it.next()) {
      return false;
    }
    primed.set(it);
    return true;
  }

  @Override
  public SampleIterator iterator() {
    SampleIterator p = primed.getAndSet(null);
    if (p != null) {
      return new PrimedIterator(p);
    }
    List<ChunkRef> inRange = new ArrayList<>(chunks.size());
    for (ChunkRef c : chunks) {
      if (c.overlaps(mint, maxt)) {
        inRange.add(c);
      }
    }
    SampleIterator base;
    if (inRange.size() == 1) {
      base = inRange.get(0).iterator();
    } else if (disjointInOrder(inRange)) {
      base = new ChainIterator(inRange);
    } else {
      SampleIterator[] its = new SampleIterator[inRange.size()];
      for (int i = 0; i < its.length; i++) {
        its[i] = inRange.get(i).iterator();
      }
      base = new MergeIterator(its);
    }
    return new RangeIterator(base, mint, maxt);
  }

  private static boolean disjointInOrder(List<ChunkRef> cs) {
    List<ChunkRef> sorted = new ArrayList<>(cs);
    sorted.sort(Comparator.comparingLong(c -> c.minT));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).minT <= sorted.get(i - 1).maxT) {
        return false;
      }
    }
    cs.clear();
    cs.addAll(sorted);
    return true;
  }

  /** An iterator already on its first sample, which the first {@code next()} returns. */
  private static final class PrimedIterator implements SampleIterator {
    private final SampleIterator in;
    private boolean fresh = true;

    PrimedIterator(SampleIterator in) {
      this.in = in;
    }

    @Override
    public boolean next() {
      if (fresh) {
        fresh = false;
        return true;
      }
      return in.next();
    }

    @Override
    public boolean seek(long t) {
      fresh = false;
      return in.seek(t);
    }

    @Override
    public long timestamp() {
      return in.timestamp();
    }

    @Override
    public double value() {
      return in.value();
    }
  }
}
