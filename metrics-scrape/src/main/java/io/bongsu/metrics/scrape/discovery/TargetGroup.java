package io.bongsu.metrics.scrape.discovery;

import io.bongsu.common.labels.Labels;
import java.util.List;

/**
 * A group of discovered targets sharing common labels, as service discovery hands them over.
 * Each target is a label set holding at least {@code __address__}.
 *
 * @param source identifies the group within its provider, so a changed group replaces the old
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {
  public TargetGroup {
    targets = List.copyOf(targets);
  }
}
