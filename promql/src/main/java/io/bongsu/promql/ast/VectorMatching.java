package io.bongsu.promql.ast;

import java.util.List;

/**
 * How two vectors pair up: {@code on} or {@code ignoring} the given labels, and for
 * group_left/group_right the labels copied from the "one" side.
 */
public record VectorMatching(Cardinality card, List<String> matchingLabels, boolean on,
    List<String> include) {
  public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }
}
