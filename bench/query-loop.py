#!/usr/bin/env python3
"""Latency and server CPU per query of a few harness queries against a running server.

usage: bench/query-loop.py PORT SERVER_PID END_SECONDS [RUNS] [WARM_PASSES] [NAMES]
Runs WARM_PASSES passes over the set, then RUNS of each query on one keep-alive connection, and
prints the median wall time and the server process's CPU time (from /proc) per query.
"""
import http.client, os, statistics, sys, time, urllib.parse

port, pid, end = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 50
warm = int(sys.argv[5]) if len(sys.argv) > 5 else 10
QUERIES = [
    ("health", None, False),
    ("Q1", 'node_memory_MemAvailable_bytes{instance="host-0001:9100"}', False),
    ("Q2", 'rate(node_network_receive_bytes_total{instance="host-0001:9100",device="eth0"}[5m])', False),
    ("R1", 'rate(node_cpu_seconds_total{instance="host-0001:9100",mode="user"}[5m])', True),
    ("R2", 'sum by (instance) (rate(node_network_receive_bytes_total{device="eth0"}[5m]))', True),
    ("R4", 'avg by (instance) (1 - rate(node_cpu_seconds_total{mode="idle"}[5m]))', True),
]
if len(sys.argv) > 6:
    QUERIES = [q for q in QUERIES if q[0] in sys.argv[6].split(",")]


def path(q):
    if q[1] is None:
        return "/-/healthy"
    e = urllib.parse.quote(q[1])
    if q[2]:
        return f"/api/v1/query_range?query={e}&start={end - 3600}&end={end}&step=60"
    return f"/api/v1/query?query={e}&time={end}"


def cpu_ms():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000 / os.sysconf("SC_CLK_TCK")


conn = http.client.HTTPConnection("127.0.0.1", port)


def run(p):
    t = time.perf_counter()
    conn.request("GET", p)
    body = conn.getresponse().read()
    return (time.perf_counter() - t) * 1000, len(body)


for _ in range(warm):
    for q in QUERIES:
        run(path(q))
for q in QUERIES:
    times, c0 = [], cpu_ms()
    for _ in range(runs):
        t, size = run(path(q))
        times.append(t)
    cpu = (cpu_ms() - c0) / runs
    print(f"{q[0]:7s} median {statistics.median(times):8.3f} ms  server CPU {cpu:7.2f} ms/query  {size} bytes")
