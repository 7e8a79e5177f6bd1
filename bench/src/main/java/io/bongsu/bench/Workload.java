package io.bongsu.bench;

import io.bongsu.metrics.ingest.remotewrite.WriteRequestEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The dataset encoded once, before any server runs, as snappy remote write requests: one list per
 * sender (each sender owns a fixed set of targets, so every series stays in order), cut into
 * rounds that all senders finish before the next starts, so no sender runs ahead in data time.
 * Each request carries one sample per series of whole scrapes, as Prometheus's shards send.
 */
final class Workload {
  final int senders;
  /** requests[sender][round] = the bodies that sender posts in that round. */
  final List<List<List<byte[]>>> requests = new ArrayList<>();
  long samples;
  long bytes;
  int distinctSeries;
  long minTime = Long.MAX_VALUE;
  long maxTime = Long.MIN_VALUE;

  Workload(Dataset data, int senders, int stepsPerRound, int maxSamplesPerRequest, int threads)
      throws Exception {
    this.senders = senders;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Shard>> futures = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int shard = s;
        futures.add(pool.submit(() -> encode(data, shard, stepsPerRound, maxSamplesPerRequest)));
      }
      for (Future<Shard> f : futures) {
        Shard sh = f.get();
        requests.add(sh.rounds);
        samples += sh.samples;
        bytes += sh.bytes;
        distinctSeries += sh.distinctSeries;
        minTime = Math.min(minTime, sh.minTime);
        maxTime = Math.max(maxTime, sh.maxTime);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static final class Shard {
    final List<List<byte[]>> rounds = new ArrayList<>();
    long samples;
    long bytes;
    int distinctSeries;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
  }

  private Shard encode(Dataset data, int shard, int stepsPerRound, int maxSamples) {
    Shard out = new Shard();
    List<Dataset.Source> mine = new ArrayList<>();
    for (int i = shard; i < data.targets.size(); i += senders) {
      mine.add(data.targets.get(i));
    }
    java.util.IdentityHashMap<String[], Boolean> seen = new java.util.IdentityHashMap<>();
    long[] ts = new long[1];
    double[] vs = new double[1];
    WriteRequestEncoder enc = new WriteRequestEncoder();
    int inRequest = 0;
    List<byte[]> round = new ArrayList<>();
    for (int step = 0; step < data.steps; step++) {
      for (Dataset.Source t : mine) {
        long time = t.timestamp(data.startMillis, step);
        String[][] labels = t.labels(step * data.intervalMillis);
        double[] values = t.scrape();
        out.minTime = Math.min(out.minTime, time);
        out.maxTime = Math.max(out.maxTime, time);
        for (int i = 0; i < labels.length; i++) {
          if (seen.put(labels[i], Boolean.TRUE) == null) {
            out.distinctSeries++;
          }
          ts[0] = time;
          vs[0] = values[i];
          enc.addSeries(labels[i], ts, vs);
          if (++inRequest == maxSamples) {
            byte[] body = enc.toSnappy();
            round.add(body);
            out.bytes += body.length;
            out.samples += inRequest;
            enc.reset();
            inRequest = 0;
          }
        }
      }
      if ((step + 1) % stepsPerRound == 0 || step + 1 == data.steps) {
        if (inRequest > 0) {
          byte[] body = enc.toSnappy();
          round.add(body);
          out.bytes += body.length;
          out.samples += inRequest;
          enc.reset();
          inRequest = 0;
        }
        out.rounds.add(round);
        round = new ArrayList<>();
      }
    }
    return out;
  }

  int rounds() {
    return requests.get(0).size();
  }
}
