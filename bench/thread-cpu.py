#!/usr/bin/env python3
"""CPU seconds of a running server by thread group (JIT, G1, event loops, blocking pool, ...).

usage: bench/thread-cpu.py sample PID OUT.jsonl
         polls /proc/PID/task/*/stat every 0.5 s until the process ends
       bench/thread-cpu.py split OUT.jsonl THREAD_DUMP START END
         CPU per group between two times (epoch seconds or ISO-8601, e.g. the harness's
         "ingest CPU window starts/ends" log lines); THREAD_DUMP is `jcmd PID Thread.print`
         taken before the process ends, to tell Armeria's event loops from its blocking pool
         (Linux keeps only 15 characters of a thread's name).
Threads that ended inside the window count with the last value seen.
"""
import collections, datetime, json, os, re, sys, time

HZ = os.sysconf("SC_CLK_TCK")
GROUPS = [
    ("C2 Compiler", "JIT C2"), ("C1 Compiler", "JIT C1"),
    ("GC Thread", "G1 parallel workers"), ("G1 Refine", "G1 concurrent refinement"),
    ("G1 Conc", "G1 concurrent mark"), ("G1 Main", "G1 concurrent mark"),
    ("armeria-common-worker", "Armeria event loops (HTTP)"),
    ("bongsu-write", "remote-write pool (decode, append, commit, WAL)"),
    ("armeria-common-blocking", "Armeria blocking pool (remote write before it had its own)"),
    ("bongsu-tsdb-main", "TSDB maintenance (head cut, block write)"),
]


def sample(pid, out):
    with open(out, "w") as f:
        while os.path.exists(f"/proc/{pid}"):
            threads = {}
            try:
                tids = os.listdir(f"/proc/{pid}/task")
            except OSError:
                break
            for tid in tids:
                try:
                    s = open(f"/proc/{pid}/task/{tid}/stat").read()
                except OSError:
                    continue
                fields = s[s.rindex(")") + 2:].split(" ")
                threads[tid] = [s[s.index("(") + 1:s.rindex(")")],
                                int(fields[11]) + int(fields[12]), int(fields[12])]
            f.write(json.dumps({"t": time.time(), "threads": threads}) + "\n")
            f.flush()
            time.sleep(0.5)


def when(s):
    try:
        return float(s)
    except ValueError:
        return datetime.datetime.fromisoformat(s.rstrip("Z")[:26]).replace(
            tzinfo=datetime.timezone.utc).timestamp()


def split(samples, dump, start, end):
    names = {}
    for line in open(dump):
        m = re.match(r'^"([^"]+)".* nid=0x([0-9a-f]+)', line)
        if m:
            names[str(int(m.group(2), 16))] = m.group(1)
    rows = [json.loads(line) for line in open(samples)]
    first = [r for r in rows if r["t"] <= start][-1:] or rows[:1]
    first = first[0]
    last = {}
    for r in rows:
        if first["t"] <= r["t"] <= end:
            last.update(r["threads"])
    cpu, sys_cpu, count = collections.Counter(), collections.Counter(), collections.Counter()
    for tid, (name, ticks, sticks) in last.items():
        full = names.get(tid, name)
        if full.startswith("armeria-common-") and tid not in names:
            full = "armeria-common-blocking"  # event loops outlive the window; pool threads may not
        group = next((g for p, g in GROUPS if full.startswith(p)), re.sub(r"\d+", "#", full))
        _, ticks0, sticks0 = first["threads"].get(tid, [name, 0, 0])
        cpu[group] += (ticks - ticks0) / HZ
        sys_cpu[group] += (sticks - sticks0) / HZ
        count[group] += 1
    total = sum(cpu.values())
    print(f"{total:.2f} CPU s in threads over {end - start:.1f} s")
    for g, v in cpu.most_common():
        if v >= 0.01:
            print(f"{v:8.2f} s {100 * v / total:5.1f}%  {g} ({count[g]} threads,"
                  f" {sys_cpu[g]:.2f} s in the kernel)")


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3])
    else:
        split(sys.argv[2], sys.argv[3], when(sys.argv[4]), when(sys.argv[5]))
