package io.bongsu.metrics.ingest.remotewrite;

import java.util.List;

/**
 * What one remote write request did. Rejected samples and series were skipped while the rest was
 * committed; Prometheus answers such a request with 400 and the error text so that senders do not
 * retry it.
 *
 * @param errors the first few rejection messages, for the response body
 */
public record RemoteWriteResult(
    long samplesAppended,
    long samplesRejected,
    long seriesRejected,
    long histogramsSkipped,
    long exemplarsSkipped,
    long metadataReceived,
    List<String> errors) {

  public boolean hasRejections() {
    return samplesRejected > 0 || seriesRejected > 0;
  }

  /** The rejection messages, one per line, with a count of the ones left out. */
  public String errorText() {
    long total = samplesRejected + seriesRejected;
    StringBuilder sb = new StringBuilder();
    for (String e : errors) {
      sb.append(e).append('\n');
    }
    if (total > errors.size()) {
      sb.append("and ").append(total - errors.size()).append(" more rejected\n");
    }
    return sb.toString();
  }
}
