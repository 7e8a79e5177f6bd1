package io.bongsu.metrics.tsdb.index;

/** An inverted index over series ids: label name -> value -> sorted ids. */
public interface PostingsReader {
  /** Every series id, sorted. */
  int[] all();

  /** The values the label takes (any order); empty when the label is unknown. */
  String[] values(String name);

  /** Sorted ids of series with name=value; empty when none. */
  int[] postings(String name, String value);
}
