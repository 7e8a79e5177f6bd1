package io.bongsu.metrics.scrape;

/** A scrape that failed as a whole; its message becomes the target's last error. */
final class ScrapeFailedException extends Exception {
  ScrapeFailedException(String message) {
    super(message, null, false, false);
  }
}
