package io.bongsu.metrics.api;

import java.time.Instant;

/**
 * What {@code /api/v1/status/runtimeinfo} reports; the Go-specific fields carry the nearest JVM
 * facts (goroutineCount is the live thread count, GOMAXPROCS the available processors).
 */
public record RuntimeInfo(
    Instant startTime,
    String cwd,
    boolean reloadConfigSuccess,
    Instant lastConfigTime,
    long corruptionCount,
    int goroutineCount,
    int gomaxprocs,
    String gogc,
    String godebug,
    String storageRetention) {}
