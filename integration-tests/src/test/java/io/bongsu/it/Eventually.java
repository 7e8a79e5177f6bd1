package io.bongsu.it;

import java.time.Duration;

/** Polls a condition that peers reach asynchronously (a scrape, a remote-write batch). */
final class Eventually {
  private Eventually() {}

  interface Probe<T> {
    /** The value once the condition holds, else null. */
    T get() throws Exception;
  }

  static <T> T value(Duration timeout, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        T v = probe.get();
        if (v != null) {
          return v;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("condition not reached within " + timeout, last);
  }
}
