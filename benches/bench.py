#!/usr/bin/env python3
"""tokencache benchmarks against the MSAL extension libraries and against the
floor (`true`, `cat`, `cp`). Run through benches/run.sh (which builds the
release binary and installs the peers).

Every number is a whole process, as a shell script would pay it: wall time
(median, min, max of RUNS runs after WARMUP unmeasured ones, the commands of
one table interleaved run by run so that a change in the machine's load hits
them alike), CPU time and minor page faults (from wait4's rusage), peak RSS
(/usr/bin/time) and, where valgrind is installed, instructions retired
(callgrind, one run; whole process, dynamic loader included). On a shared,
loaded machine wall times stretch but CPU time and instructions much less:
read the ratios next to each other. Markdown goes to stdout and to --out.

Adding a benchmark: write a `def my_section(ctx, out, targets)` that appends
markdown lines to `out` (use `measure_group` and `table`) and, for a target,
calls `targets.add(...)`; register it in SECTIONS. `benches/run.sh --section
my` (or `SECTIONS=my`) runs it alone.
"""
import argparse
import glob
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS_SRC = os.path.join(ROOT, "tests", "peers")

# The targets from issue 7, shown next to the numbers.
TARGETS = {
    "read": "file-store read >= 20x faster than the Python and Node peers, within 2x of `cat`",
    "rss": "16 MiB read/write peak RSS <= 3x the cache size (48 MiB)",
    "contention": "throughput >= 5x Python msal-extensions, zero lost updates",
    "ss": "Secret Service read within 1.5x of `secret-tool lookup`",
}


# Which binary a row is: the host's `cargo build --release` (glibc, dynamic)
# and the release binary users install (.ci/release/build-musl: static musl).
HOST_LABEL = "glibc build"
RELEASE_LABEL = "release binary, static musl"


class Targets:
    """The targets a run checks, each a measured ratio against its limit,
    printed as one table at the top of the results."""

    def __init__(self):
        self.rows = []

    def add(self, issue, what, value, limit, higher_is_better=False, note=""):
        met = value >= limit if higher_is_better else value <= limit
        self.rows.append((issue, what, value, limit, higher_is_better, met, note))

    def markdown(self):
        if not self.rows:
            return []
        lines = ["### Targets\n",
                 "| issue | target | measured | limit | met | note |",
                 "|---|---|---:|---:|---|---|"]
        for issue, what, value, limit, higher, met, note in self.rows:
            lines.append("| %s | %s | %.2fx | %s %.2fx | %s | %s |" % (
                issue, what, value, ">=" if higher else "<=", limit, "yes" if met else "**no**", note))
        lines.append("")
        return lines


# --------------------------------------------------------------------------
# Measuring one command
# --------------------------------------------------------------------------

def run_once(argv, stdin_path=None, env=None, pipe=False):
    """Run argv once; return (wall seconds, CPU seconds, minor page faults).
    With `pipe`, stdout is a pipe this process drains (1 MiB reads), as in
    `tokencache read | consumer`; otherwise it is /dev/null."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE if pipe else subprocess.DEVNULL,
                                stderr=err, env=env)
        if pipe:
            fd = proc.stdout.fileno()
            while os.read(fd, 1 << 20):
                pass
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if pipe:
            proc.stdout.close()
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError("%s exited %d: %s" % (" ".join(argv), proc.returncode,
                                                     err.read().decode(errors="replace")[-500:]))
    finally:
        err.close()
        if stdin_path:
            stdin.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_minflt


def peak_rss(argv, stdin_path=None, env=None):
    """Peak RSS in KiB, measured by /usr/bin/time: a child forked from this
    Python process would count this process's pages too (Linux keeps the
    pre-exec high-water mark in ru_maxrss), so a small forker is needed."""
    if not os.path.exists("/usr/bin/time"):
        return None
    with tempfile.NamedTemporaryFile("r") as report:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + argv, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        finally:
            if stdin_path:
                stdin.close()
        return int(report.read().strip().splitlines()[-1])


def instructions(argv, stdin_path=None, env=None, timeout=300):
    """Instructions retired (callgrind's Ir total), or None."""
    if not shutil.which("valgrind"):
        return None
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                              stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    finally:
        if stdin_path:
            stdin.close()
    m = re.search(rb"Collected : (\d+)", proc.stderr)
    return int(m.group(1)) if m and proc.returncode == 0 else None


class Result:
    def __init__(self, name, times, rss, ir, cpu=None, faults=None):
        self.name, self.times, self.rss, self.ir = name, times, rss, ir
        self.cpu, self.faults = cpu or [], faults or []

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def cpu_median(self):
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def faults_median(self):
        return statistics.median(self.faults) if self.faults else None


class Cmd:
    """One command of a table: what `measure_group` runs."""

    def __init__(self, name, argv, stdin_path=None, env=None, pipe=False, count_ir=True):
        self.name, self.argv, self.stdin_path, self.env = name, argv, stdin_path, env
        self.pipe, self.count_ir = pipe, count_ir


def measure_group(cmds, runs, warmup):
    """Measure commands interleaved: run 1 of each, then run 2 of each, ... so
    that a change in the machine's load during the table hits all rows alike
    (ratios within one table are what the targets compare)."""
    for _ in range(warmup):
        for c in cmds:
            run_once(c.argv, c.stdin_path, c.env, c.pipe)
    samples = {c.name: [] for c in cmds}
    for _ in range(runs):
        for c in cmds:
            samples[c.name].append(run_once(c.argv, c.stdin_path, c.env, c.pipe))
    results = []
    for c in cmds:
        got = samples[c.name]
        rss = max(peak_rss(c.argv, c.stdin_path, c.env) or 0 for _ in range(3))
        ir = instructions(c.argv, c.stdin_path, c.env) if c.count_ir else None
        res = Result(c.name, [g[0] for g in got], rss, ir, [g[1] for g in got], [g[2] for g in got])
        print("  %-40s median %8.2f ms  (min %.2f, max %.2f)  CPU %.2f ms  faults %d  peak RSS %7.1f MiB  instr %s" % (
            c.name, res.median * 1e3, min(res.times) * 1e3, max(res.times) * 1e3, res.cpu_median * 1e3,
            res.faults_median, res.rss / 1024, "%.2fM" % (ir / 1e6) if ir else "n/a"), file=sys.stderr)
        results.append(res)
    return results


def measure(name, argv, runs, warmup, stdin_path=None, env=None, count_ir=True):
    return measure_group([Cmd(name, argv, stdin_path, env, count_ir=count_ir)], runs, warmup)[0]


def fmt_ms(s):
    return "%.2f" % (s * 1e3)


def table(results, base_name, unit_ratio_label):
    """A markdown table; the ratio columns divide by the `base_name` row:
    wall time (the target), CPU time and instructions (what load distorts
    least)."""
    base = next(r for r in results if r.name == base_name)
    rows = ["| command | median ms | min ms | max ms | CPU ms | minor faults | peak RSS MiB | instructions | %s | CPU ratio | instr. ratio |" % unit_ratio_label,
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        cpu_ratio = (r.cpu_median / base.cpu_median) if r.cpu and base.cpu and base.cpu_median else None
        ir_ratio = (r.ir / base.ir) if r.ir and base.ir else None
        rows.append("| %s | %s | %s | %s | %s | %s | %.1f | %s | %.2fx | %s | %s |" % (
            r.name, fmt_ms(r.median), fmt_ms(min(r.times)), fmt_ms(max(r.times)),
            fmt_ms(r.cpu_median) if r.cpu else "n/a", "%d" % r.faults_median if r.faults else "n/a",
            r.rss / 1024, "%.2fM" % (r.ir / 1e6) if r.ir else "n/a", r.median / base.median,
            "%.2fx" % cpu_ratio if cpu_ratio else "n/a", "%.2fx" % ir_ratio if ir_ratio else "n/a"))
    return "\n".join(rows)


# --------------------------------------------------------------------------
# Realistic caches (the same shape as tests/support/env.rs sample_cache)
# --------------------------------------------------------------------------

def sample_cache(size):
    filler = "x" * 1500
    parts = []
    length = 0
    i = 0
    while True:
        entry = ('"uid.utid-login.microsoftonline.com-accesstoken-client-%d-tenant-scope%d":{"credential_type":"AccessToken",'
                 '"secret":"eyJ%d%s","home_account_id":"uid.utid","environment":"login.microsoftonline.com",'
                 '"client_id":"client-%d","target":"scope%d","realm":"tenant","cached_at":"1700000000",'
                 '"expires_on":"1700003600","extended_expires_on":"1700007200"}') % (i, i, i, filler, i, i)
        if parts and length + len(entry) + 1 > size - 700:
            break
        parts.append(entry)
        length += len(entry) + 1
        i += 1
    return ('{"AccessToken":{%s},"RefreshToken":{"uid.utid-login.microsoftonline.com-refreshtoken-client-0--":'
            '{"credential_type":"RefreshToken","secret":"rt","home_account_id":"uid.utid","environment":'
            '"login.microsoftonline.com","client_id":"client-0"}},"IdToken":{},"Account":{"uid.utid-login.'
            'microsoftonline.com-tenant":{"username":"user@example.com","home_account_id":"uid.utid",'
            '"environment":"login.microsoftonline.com","realm":"tenant","authority_type":"MSSTS"}},'
            '"AppMetadata":{}}' % ",".join(parts)).encode()


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------

class Ctx:
    def __init__(self, args):
        self.tc = args.tokencache
        self.release = args.release_bin
        self.ss_baseline = args.ss_baseline
        self.py = os.path.join(args.peers, "venv", "bin", "python")
        self.nm = os.path.join(args.peers, "node", "node_modules")
        self.runs, self.warmup = args.runs, args.warmup
        self.work = tempfile.mkdtemp(prefix="tokencache-bench-")
        self.env = dict(os.environ, NO_COLOR="1")
        for k in list(self.env):
            # No inherited settings, and no backtrace capture on any path.
            if k.startswith("TOKENCACHE_") or k in ("RUST_BACKTRACE", "RUST_LIB_BACKTRACE"):
                del self.env[k]

    def cache_file(self, label, size):
        """A sample cache of about `size` bytes, 0600 in a 0700 directory,
        made once per label."""
        d = os.path.join(self.work, "floor-%s" % label.replace(" ", ""))
        path = os.path.join(d, "msal.cache.json")
        if not os.path.exists(path):
            os.makedirs(d, mode=0o700)
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
                f.write(sample_cache(size))
        return path

    def tc_file(self, path, *args, tc=None):
        return [tc or self.tc, "--store", "file", "--cache-path", path] + list(args)

    def binaries(self):
        """(label, path) of each build measured side by side: the host build
        first, then the release binary when --release-bin names one."""
        bins = [(HOST_LABEL, self.tc)]
        if self.release:
            bins.append((RELEASE_LABEL, self.release))
        return bins

    def py_peer(self, *args):
        return [self.py, os.path.join(PEERS_SRC, "peer.py"), "default"] + list(args)

    def node_peer(self, *args):
        return ["node", os.path.join(PEERS_SRC, "peer.mjs"), self.nm] + list(args)


def file_section(ctx, label, size, out):
    doc = sample_cache(size)
    src = os.path.join(ctx.work, "input-%s.json" % label)
    with open(src, "wb") as f:
        f.write(doc)
    size_bytes = len(doc)
    del doc  # keep this process small: its children are forked from it
    cache = os.path.join(ctx.work, "cache-%s" % label, "msal.cache.json")
    os.makedirs(os.path.dirname(cache), mode=0o700)
    shutil.copyfile(src, cache)
    os.chmod(cache, 0o600)
    print("file store, %s (%d bytes): read" % (label, size_bytes), file=sys.stderr)
    reads = [
        measure("tokencache read", ctx.tc_file(cache, "read"), ctx.runs, ctx.warmup, env=ctx.env),
        measure("python msal-extensions read", ctx.py_peer("read", cache), ctx.runs, ctx.warmup),
        measure("node msal-node-extensions read", ctx.node_peer("read", cache), ctx.runs, ctx.warmup),
        measure("cat (floor)", ["cat", cache], ctx.runs, ctx.warmup),
        # `token` reads the same cache, models it and picks one access token
        # (issue 13: in the same time as `read`).
        measure("tokencache token", ctx.tc_file(cache, "token", "--scope", "scope0", "--tenant", "tenant",
                                                "--min-validity", "0"),
                ctx.runs, ctx.warmup, env=dict(ctx.env, TOKENCACHE_NOW="1700000000")),
    ]
    print("file store, %s: write" % label, file=sys.stderr)
    dst = os.path.join(os.path.dirname(cache), "cp-target.json")
    writes = [
        measure("tokencache write", ctx.tc_file(cache, "write"), ctx.runs, ctx.warmup, stdin_path=src, env=ctx.env),
        measure("python msal-extensions write", ctx.py_peer("write", cache), ctx.runs, ctx.warmup, stdin_path=src),
        measure("node msal-node-extensions write", ctx.node_peer("write", cache), ctx.runs, ctx.warmup, stdin_path=src),
        measure("cp (floor)", ["cp", src, dst], ctx.runs, ctx.warmup),
    ]
    out.append("### File store, %s cache (%d bytes)\n" % (label, size_bytes))
    out.append("**read** (ratio = median / tokencache's median; target: %s)\n" % TARGETS["read"])
    out.append(table(reads, "tokencache read", "vs tokencache"))
    out.append("")
    out.append("**write** (`cp` of the same bytes is the floor)\n")
    out.append(table(writes, "tokencache write", "vs tokencache"))
    out.append("")
    tc_r, py_r, node_r, cat_r, token_r = reads
    verdict = {
        "read_vs_python": py_r.median / tc_r.median,
        "read_vs_node": node_r.median / tc_r.median,
        "read_vs_cat": tc_r.median / cat_r.median,
        "token_vs_read": token_r.median / tc_r.median,
        "read_rss_mib": tc_r.rss / 1024,
        "write_rss_mib": writes[0].rss / 1024,
        "size_mib": size_bytes / 2**20,
    }
    out.append("Ratios: python/tokencache read %.1fx, node/tokencache read %.1fx, tokencache/cat %.2fx, "
               "token/read %.2fx; "
               "tokencache peak RSS read %.1f MiB, write %.1f MiB for a %.1f MiB cache (%.2fx / %.2fx).\n" % (
                   verdict["read_vs_python"], verdict["read_vs_node"], verdict["read_vs_cat"],
                   verdict["token_vs_read"],
                   verdict["read_rss_mib"], verdict["write_rss_mib"], verdict["size_mib"],
                   verdict["read_rss_mib"] / verdict["size_mib"], verdict["write_rss_mib"] / verdict["size_mib"]))
    return verdict


def floor_section(ctx, out, targets):
    """Issues 16 and 26: start-up and reads against the floor (`true`, `cat`),
    into /dev/null and into a pipe, and the 16 MiB read's peak RSS; with
    --release-bin, the release binary (static musl) in the same tables,
    interleaved with the glibc build, each row naming its binary."""
    runs = max(ctx.runs, 60)
    bins = ctx.binaries()
    print("floor: start-up", file=sys.stderr)
    start = measure_group([Cmd("`tokencache path` (%s)" % label, [tc, "path"], env=ctx.env) for label, tc in bins]
                          + [Cmd("`true` (floor)", ["true"])], runs, ctx.warmup)
    out.append("### Against the floor: start-up (%d runs, interleaved)\n" % runs)
    out.append(table(start, "`true` (floor)", "vs true"))
    out.append("")
    floor = start[-1]
    for res, (label, _) in zip(start, bins):
        limit = 1.5 if label == RELEASE_LABEL else 1.3
        targets.add(26 if label == RELEASE_LABEL else 16, "start-up: `tokencache path` (%s) / `true`" % label,
                    res.median / floor.median, limit,
                    note="CPU time %.2fx, instructions %.1fx" % (res.cpu_median / floor.cpu_median,
                                                                (res.ir or 0) / (floor.ir or 1)))
    release_vs_glibc(targets, "`path`", start, bins)
    for label, size in (("100 KiB", 100 << 10), ("16 MiB", (16 << 20) - (1 << 10))):
        cache = ctx.cache_file(label, size)
        size_bytes = os.path.getsize(cache)
        for sink, pipe in (("/dev/null", False), ("a pipe", True)):
            print("floor: %s read into %s" % (label, sink), file=sys.stderr)
            res = measure_group([Cmd("`tokencache read` (%s)" % bl, ctx.tc_file(cache, "read", tc=tc), env=ctx.env,
                                     pipe=pipe) for bl, tc in bins]
                                + [Cmd("`cat` (floor)", ["cat", cache], pipe=pipe)],
                                runs if size < (1 << 20) else ctx.runs, ctx.warmup)
            out.append("### Against the floor: %s read (%d bytes) into %s\n" % (label, size_bytes, sink))
            out.append(table(res, "`cat` (floor)", "vs cat"))
            out.append("")
            floor = res[-1]
            for r, (bl, _) in zip(res, bins):
                limit = 1.3 if size < (1 << 20) else (2.0 if pipe else 4.0)
                targets.add(26 if bl == RELEASE_LABEL else 16, "%s `read` (%s) / `cat`, into %s" % (label, bl, sink),
                            r.median / floor.median, limit,
                            note="CPU time %.2fx" % (r.cpu_median / floor.cpu_median))
            if size < (1 << 20):
                release_vs_glibc(targets, "%s `read` into %s" % (label, sink), res, bins)
            if size >= (1 << 20) and not pipe:
                targets.add(16, "16 MiB `read` peak RSS / cache size", res[0].rss * 1024 / size_bytes, 1.5,
                            note="%.1f MiB for %.1f MiB" % (res[0].rss / 1024, size_bytes / 2 ** 20))


def release_vs_glibc(targets, what, results, bins):
    """Issue 26: the release binary within 1.05x the glibc build."""
    if len(bins) < 2:
        return
    glibc, release = results[0], results[1]
    targets.add(26, "%s: release (%s) / %s" % (what, bins[1][0], bins[0][0]), release.median / glibc.median, 1.05,
                note="CPU time %.2fx, instructions %s" % (
                    release.cpu_median / glibc.cpu_median,
                    "%.2fx" % (release.ir / glibc.ir) if release.ir and glibc.ir else "n/a"))


STREAM_WORKER = r'''
import json, subprocess, sys, tempfile, time
tc, cache, ident, count, mode = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
docs = []
for i in range(count):
    entry = {"credential_type": "AccessToken", "secret": "secret-%s-%d" % (ident, i),
             "cached_at": "1700000000", "expires_on": "1700003600"}
    docs.append(json.dumps({"AccessToken": {"%s-%d" % (ident, i): entry}}))
with tempfile.TemporaryFile() as stream:
    stream.write(("\n".join(docs) + "\n").encode())
    stream.seek(0)
    extra = ["--each"] if mode == "each" else []
    start = time.monotonic()
    subprocess.run([tc, "--quiet", "--store", "file", "--cache-path", cache, "--lock-timeout", "120s",
                    "write", "--merge", "--stream"] + extra, stdin=stream, check=True)
    lat = [time.monotonic() - start]
print(json.dumps({"done": count, "latencies": lat}))
'''


def stream_section(ctx, out, targets, procs=8, per_proc=100):
    """Issue 16: many updates through `write --merge --stream` against the
    Python msal-extensions in-process loop, for the same updates."""
    help_text = subprocess.run([ctx.tc, "write", "--help"], capture_output=True, text=True, env=ctx.env).stdout
    if "--stream" not in help_text:
        out.append("### Many updates\n\nskipped: this build has no `write --merge --stream`.\n")
        return
    d = os.path.join(ctx.work, "stream")
    os.makedirs(d, mode=0o700)
    cache = os.path.join(d, "msal.cache.json")
    worker = os.path.join(ctx.work, "stream_worker.py")
    with open(worker, "w") as f:
        f.write(STREAM_WORKER)
    total = procs * per_proc
    print("many updates: %d in one process, and %d processes x %d" % (total, procs, per_proc), file=sys.stderr)
    peer = os.path.join(PEERS_SRC, "peer.py")
    one = {"w0-%d" % i for i in range(total)}
    many = {"w%d-%d" % (w, i) for w in range(procs) for i in range(per_proc)}
    runs = [
        contention_run(ctx, "python msal-extensions loop (portalocker), 1 process", [
            [ctx.py, peer, "portalocker", "rmw", cache, "w0", str(total), "1", "0"]], cache, one),
        contention_run(ctx, "tokencache write --merge --stream, 1 process", [
            [sys.executable, worker, ctx.tc, cache, "w0", str(total), "once"]], cache, one),
        contention_run(ctx, "tokencache write --merge --stream --each, 1 process", [
            [sys.executable, worker, ctx.tc, cache, "w0", str(total), "each"]], cache, one),
        contention_run(ctx, "python msal-extensions loop (portalocker), %d processes" % procs, [
            [ctx.py, peer, "portalocker", "rmw", cache, "w%d" % w, str(per_proc), str(w + 1), "0"]
            for w in range(procs)], cache, many),
        contention_run(ctx, "tokencache write --merge --stream, %d processes" % procs, [
            [sys.executable, worker, ctx.tc, cache, "w%d" % w, str(per_proc), "once"] for w in range(procs)],
            cache, many),
        contention_run(ctx, "tokencache write --merge --stream --each, %d processes" % procs, [
            [sys.executable, worker, ctx.tc, cache, "w%d" % w, str(per_proc), "each"] for w in range(procs)],
            cache, many),
    ]
    out.append("### Many updates: %d locked updates of one cache\n" % total)
    out.append("Each update adds one access token. Python: msal-extensions' lock and FilePersistence, a "
               "read-modify-write per update in one process (no pause). tokencache: one `write --merge "
               "--stream` process per writer, whose stdin holds its documents (one per line); the time "
               "includes the Python worker that starts it.\n")
    out.append("| implementation | updates | wall s | updates/s | lost | vs python (same processes) |")
    out.append("|---|---:|---:|---:|---:|---:|")
    rate = lambda r: r["ops"] / r["wall"]
    for i, r in enumerate(runs):
        base = runs[0] if i < 3 else runs[3]
        out.append("| %s | %d | %.3f | %.0f | %d | %.1fx |" % (r["name"], r["ops"], r["wall"], rate(r), r["lost"],
                                                             rate(r) / rate(base)))
    out.append("")
    targets.add(16, "%d updates, 1 process: `write --merge --stream` / python loop" % total,
                rate(runs[1]) / rate(runs[0]), 5.0, higher_is_better=True,
                note="lost %d; `--each` %.1fx" % (runs[1]["lost"], rate(runs[2]) / rate(runs[0])))
    targets.add(16, "%d x %d updates: `write --merge --stream` / python loops" % (procs, per_proc),
                rate(runs[4]) / rate(runs[3]), 5.0, higher_is_better=True,
                note="lost %d; `--each` %.1fx" % (runs[4]["lost"], rate(runs[5]) / rate(runs[3])))


def size_section(ctx, out, targets):
    """Issues 16 and 26: each binary's size, stripped (every store compiled in)."""
    out.append("### Binary size\n")
    for label, tc in ctx.binaries():
        stripped = os.path.join(ctx.work, "tokencache.stripped")
        subprocess.run(["strip", "-o", stripped, tc], check=True)
        size = os.path.getsize(stripped)
        out.append("`%s` (%s): %.2f MB as built, %.2f MB stripped (%d bytes).\n" % (
            os.path.relpath(tc, ROOT), label, os.path.getsize(tc) / 1e6, size / 1e6, size))
        targets.add(26 if label == RELEASE_LABEL else 16, "%s stripped / 4 MB" % label, size / 4e6, 1.0,
                    note="%.2f MB" % (size / 1e6))


def merge_supported(ctx):
    help_text = subprocess.run([ctx.tc, "write", "--help"], capture_output=True, text=True, env=ctx.env).stdout
    return "--merge" in help_text


TC_WORKER = r'''
import json, subprocess, sys, time
tc, cache, ident, count, merge = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
base = [tc, "--quiet", "--store", "file", "--cache-path", cache, "--lock-timeout", "120s"]
lat = []
for i in range(count):
    entry = {"credential_type": "AccessToken", "secret": "secret-%s-%d" % (ident, i),
             "cached_at": "1700000000", "expires_on": "1700003600"}
    start = time.monotonic()
    if merge:
        doc = json.dumps({"AccessToken": {"%s-%d" % (ident, i): entry}}).encode()
        subprocess.run(base + ["write", "--merge"], input=doc, check=True)
    else:
        # No locked read-modify-write in this build: read, modify, write as
        # two separate locked steps (updates can be lost between them).
        text = subprocess.run(base + ["read", "--allow-missing"], capture_output=True, check=True).stdout
        doc = json.loads(text)
        doc.setdefault("AccessToken", {})["%s-%d" % (ident, i)] = entry
        subprocess.run(base + ["write"], input=json.dumps(doc).encode(), check=True)
    lat.append(time.monotonic() - start)
print(json.dumps({"done": count, "latencies": lat}))
'''


PY_PROC_WORKER = r'''
import json, subprocess, sys, time
py, peer, variant, cache, ident, count = sys.argv[1:7]
lat = []
for i in range(int(count)):
    # One whole Python process per update, as a CLI would pay it: the same
    # locked read-modify-write as the in-process loop, done once (key ID-i-0).
    start = time.monotonic()
    subprocess.run([py, peer, variant, "rmw", cache, "%s-%d" % (ident, i), "1", "1", "0"],
                   stdout=subprocess.DEVNULL, check=True)
    lat.append(time.monotonic() - start)
print(json.dumps({"done": int(count), "latencies": lat}))
'''


def percentiles(values):
    if not values:
        return "n/a"
    v = sorted(values)
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    return "p50 %.1f / p90 %.1f / p99 %.1f / max %.1f ms" % (pick(0.5) * 1e3, pick(0.9) * 1e3, pick(0.99) * 1e3, v[-1] * 1e3)


def contention_run(ctx, name, commands, cache, expected_keys):
    with open(cache, "wb") as f:
        f.write(b"{}")
    lock = cache + ".lockfile"
    if os.path.exists(lock):
        os.remove(lock)
    start = time.perf_counter()
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, env=ctx.env) for c in commands]
    outs = [p.communicate()[0] for p in procs]
    wall = time.perf_counter() - start
    for p in procs:
        if p.returncode != 0:
            raise RuntimeError("%s: a worker failed" % name)
    summaries = [json.loads(o.decode().strip().splitlines()[-1]) for o in outs]
    with open(cache, "rb") as f:
        present = set(json.loads(f.read() or b"{}").get("AccessToken", {}))
    lost = len(expected_keys - present)
    ops = sum(s["done"] for s in summaries)
    lat = [x for s in summaries for x in s.get("latencies", [])]
    waits = [x for s in summaries for x in s.get("waits", [])]
    lock_errors = sum(s.get("lock_errors", 0) for s in summaries)
    print("  %-34s %d ops in %.1f s = %.1f ops/s, lost %d" % (name, ops, wall, ops / wall, lost), file=sys.stderr)
    return {"name": name, "ops": ops, "wall": wall, "lost": lost, "lat": lat, "waits": waits,
            "lock_errors": lock_errors}


def contention_section(ctx, out, procs, per_proc):
    print("contention: %d processes x %d read-modify-writes" % (procs, per_proc), file=sys.stderr)
    merge = merge_supported(ctx)
    d = os.path.join(ctx.work, "contention")
    os.makedirs(d, mode=0o700)
    cache = os.path.join(d, "msal.cache.json")
    worker = os.path.join(ctx.work, "tc_worker.py")
    with open(worker, "w") as f:
        f.write(TC_WORKER)
    py_worker = os.path.join(ctx.work, "py_proc_worker.py")
    with open(py_worker, "w") as f:
        f.write(PY_PROC_WORKER)
    keys = {"w%d-%d" % (w, i) for w in range(procs) for i in range(per_proc)}
    mode = "write --merge" if merge else "read + write"
    tc = contention_run(ctx, "tokencache " + mode,
                        [[sys.executable, worker, ctx.tc, cache, "w%d" % w, str(per_proc), "1" if merge else "0"]
                         for w in range(procs)], cache, keys)
    runs = [tc]
    for variant in ("portalocker", "filelock"):
        runs.append(contention_run(
            ctx, "python msal-extensions (%s lock)" % variant,
            [[ctx.py, os.path.join(PEERS_SRC, "peer.py"), variant, "rmw", cache, "w%d" % w, str(per_proc), str(w + 1), "0"]
             for w in range(procs)], cache, keys))
    # Context rows: the same 8 x N updates with one Python process per update
    # (what a CLI built on msal-extensions would pay), and tokencache alone
    # (its uncontended per-update cost: the rest of its contended latency is
    # waiting for the lock).
    runs.append(contention_run(
        ctx, "python msal-extensions (portalocker), one process per update",
        [[sys.executable, py_worker, ctx.py, os.path.join(PEERS_SRC, "peer.py"), "portalocker", cache, "w%d" % w,
          str(per_proc)] for w in range(procs)], cache, {k + "-0" for k in keys}))
    runs.append(contention_run(ctx, "tokencache %s, 1 process alone (no contention)" % mode,
                               [[sys.executable, worker, ctx.tc, cache, "w0", str(per_proc), "1" if merge else "0"]],
                               cache, {"w0-%d" % i for i in range(per_proc)}))
    out.append("### Contention: %d processes x %d locked read-modify-writes of one cache\n" % (procs, per_proc))
    out.append("Target: %s. tokencache mode: %s.\n" % (
        TARGETS["contention"],
        "`write --merge` (one locked read-modify-write per process)" if merge else
        "**no `write --merge` in this build**: each update is `read` then `write`, two separately locked "
        "steps, so concurrent updates are lost by design; the run measures the lock's throughput, not RMW safety"))
    out.append("| implementation | ops | wall s | ops/s | lost updates | lock errors (retried) | per-op latency | lock wait (in-process) |")
    out.append("|---|---:|---:|---:|---:|---:|---|---|")
    for r in runs:
        out.append("| %s | %d | %.1f | %.1f | %d | %d | %s | %s |" % (
            r["name"], r["ops"], r["wall"], r["ops"] / r["wall"], r["lost"], r["lock_errors"],
            percentiles(r["lat"]) if r["lat"] else "n/a",
            percentiles(r["waits"]) if r["waits"] else "n/a (whole process per op)"))
    out.append("")
    rate = lambda r: r["ops"] / r["wall"]
    ratio = rate(tc) / rate(runs[1])
    out.append("tokencache / python (portalocker, msal_extensions' default when portalocker is installed) "
               "throughput: %.1fx; / python (filelock): %.1fx; / python one process per update: %.1fx.\n" % (
                   ratio, rate(tc) / rate(runs[2]), rate(tc) / rate(runs[3])))
    alone = sorted(runs[4]["lat"])
    if alone and tc["lat"]:
        service = statistics.median(alone)
        waits = [max(0.0, x - service) for x in tc["lat"]]
        out.append("tokencache lock wait, estimated per update as contended latency minus the uncontended median "
                   "(%.1f ms): %s.\n" % (service * 1e3, percentiles(waits)))
    return {"merge": merge, "ratio": ratio, "tc_lost": tc["lost"], "runs": runs}


def ss_section(ctx, out):
    """Run inside a private gnome-keyring session (benches/ss-session.sh).
    Each table's rows run interleaved; with --ss-baseline BIN another build
    (the one before a change) gets rows of its own in the same tables."""
    service, account = "tokencache-bench", "bench"
    d = os.path.join(ctx.work, "ss")
    os.makedirs(d, mode=0o700)
    marker = os.path.join(d, "msal.cache.json")
    # `secret-tool store` keeps only the first 8192 bytes of a secret read
    # from stdin (it warns "password is too long" and exits 0), so the floor
    # can only be measured on a cache below that: 8000 bytes.
    doc = sample_cache(8000)
    assert len(doc) <= 8192, len(doc)
    src = os.path.join(d, "input.json")
    with open(src, "wb") as f:
        f.write(doc)
    builds = [("tokencache", ctx.tc)]
    if ctx.ss_baseline:
        builds.append(("tokencache (baseline build)", ctx.ss_baseline))

    def tc_ss(binary, svc=service):
        return [binary, "--store", "secret-service", "--service", svc, "--account", account,
                "--cache-path", marker]

    verify = subprocess.run(tc_ss(ctx.tc) + ["verify"], capture_output=True, text=True, env=ctx.env)
    tc_ok, tc_error = verify.returncode == 0, verify.stderr
    st_store = ["secret-tool", "store", "--label=%s/%s" % (service, account), "service", service, "account", account]
    st_lookup = ["secret-tool", "lookup", "service", service, "account", account]
    subprocess.run(st_store, stdin=open(src, "rb"), check=True)
    print("secret service (%d bytes)" % len(doc), file=sys.stderr)
    reads, writes = [], []
    if tc_ok:
        reads += [Cmd("%s read" % name, tc_ss(b) + ["read"], env=ctx.env) for name, b in builds]
    reads.append(Cmd("secret-tool lookup (floor)", st_lookup))
    reads.append(Cmd("node LibSecretPersistence read", ctx.node_peer("ss-read", marker, service, account),
                     count_ir=False))
    reads = measure_group(reads, ctx.runs, ctx.warmup)
    if tc_ok:
        writes += [Cmd("%s write" % name, tc_ss(b) + ["write"], src, env=ctx.env) for name, b in builds]
    writes.append(Cmd("secret-tool store (floor)", st_store, src))
    writes.append(Cmd("node LibSecretPersistence write", ctx.node_peer("ss-write", marker, service, account),
                      src, count_ir=False))
    writes = measure_group(writes, ctx.runs, ctx.warmup)
    # A 100 KiB cache, written by tokencache (secret-tool cannot store it
    # from stdin) and read by both.
    big = []
    big_doc = sample_cache(100 * 1024)
    big_src = os.path.join(d, "input-100k.json")
    with open(big_src, "wb") as f:
        f.write(big_doc)
    if tc_ok:
        big_service = service + "-100k"
        subprocess.run(tc_ss(ctx.tc, big_service) + ["write"], stdin=open(big_src, "rb"), env=ctx.env, check=True)
        big = [Cmd("%s read" % name, tc_ss(b, big_service) + ["read"], env=ctx.env) for name, b in builds]
        big.append(Cmd("secret-tool lookup (floor)", ["secret-tool", "lookup", "service", big_service,
                                                      "account", account]))
        big = measure_group(big, ctx.runs, ctx.warmup)
    out.append("### Secret Service, %d-byte cache (private gnome-keyring session)\n" % len(doc))
    out.append("All three use the same item: keytar's layout, attributes service=%s, account=%s. The cache is "
               "below 8 KiB because `secret-tool store` truncates longer secrets read from stdin.\n" % (service, account))
    out.append("Target: %s.\n" % TARGETS["ss"])
    if not tc_ok:
        out.append("**tokencache skipped**: `tokencache --store secret-service verify` did not succeed in this "
                   "session: %s\n" % tc_error.strip().replace("\n", " "))
    out.append("**read**\n")
    out.append(table(reads, "secret-tool lookup (floor)", "vs secret-tool"))
    out.append("")
    out.append("**write**\n")
    out.append(table(writes, "secret-tool store (floor)", "vs secret-tool"))
    out.append("")
    if big:
        out.append("**read, %d-byte cache** (written by tokencache)\n" % len(big_doc))
        out.append(table(big, "secret-tool lookup (floor)", "vs secret-tool"))
        out.append("")
    if tc_ok:
        node = len(builds)
        out.append("Ratios: tokencache/secret-tool read %.2fx, write %.2fx; node/tokencache read %.1fx, write %.1fx.\n" % (
            reads[0].median / reads[node].median, writes[0].median / writes[node].median,
            reads[node + 1].median / reads[0].median, writes[node + 1].median / writes[0].median))


# --------------------------------------------------------------------------
# Redis (issue 15): a private redis-server on loopback, stopped by PID
# --------------------------------------------------------------------------

class RedisServer:
    """redis-server on a free loopback port in a temp dir, no persistence."""

    def __init__(self, work):
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.dir = os.path.join(work, "redis")
        os.makedirs(self.dir, mode=0o700)
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.dir,
             "--save", "", "--appendonly", "no", "--logfile", os.path.join(self.dir, "log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(500):
            if subprocess.run(self.cli("PING"), capture_output=True).stdout.strip() == b"PONG":
                break
            time.sleep(0.01)
        else:
            raise RuntimeError("redis-server did not start")

    def url(self):
        return "redis://127.0.0.1:%d" % self.port

    def cli(self, *args):
        return ["redis-cli", "-p", str(self.port)] + list(args)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def redis_proto(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def redis_section(ctx, out, list_keys):
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        out.append("### Redis\n\nskipped: redis-server / redis-cli are not installed (see .ci/run).\n")
        return
    server = RedisServer(ctx.work)
    try:
        doc = sample_cache(100 << 10)
        src = os.path.join(ctx.work, "redis-input.json")
        with open(src, "wb") as f:
            f.write(doc)
        # The incoming side of a merge: the same partition, one new entry.
        merged = json.loads(doc)
        first = dict(next(iter(merged["AccessToken"].values())), target="scope-new", secret="eyJnew")
        incoming = os.path.join(ctx.work, "redis-merge.json")
        with open(incoming, "w") as f:
            json.dump({"AccessToken": {"uid.utid-login.microsoftonline.com-accesstoken-client-0-tenant-scope-new": first}}, f)
        key = "uid.utid"
        subprocess.run(server.cli("-x", "SET", key), stdin=open(src, "rb"), stdout=subprocess.DEVNULL, check=True)
        env = dict(ctx.env, TOKENCACHE_STORE="redis", TOKENCACHE_REDIS_URL=server.url(), TOKENCACHE_REDIS_KEY=key)
        print("redis, 100 KiB partition (%d bytes)" % len(doc), file=sys.stderr)
        reads = [
            measure("tokencache read", [ctx.tc, "read"], ctx.runs, ctx.warmup, env=env, count_ir=False),
            measure("redis-cli GET (floor)", server.cli("--raw", "GET", key), ctx.runs, ctx.warmup, count_ir=False),
        ]
        # merge rewrites the key each time (the new entry is replaced by an
        # equal one: written=false after the first run), so alternate a
        # write of the base document to keep every run a real merge + SET.
        writes = [
            measure("tokencache write --merge", ["sh", "-c", '"$0" write < "$1" && "$0" write --merge < "$2"',
                                                 ctx.tc, src, incoming], ctx.runs, ctx.warmup, env=env, count_ir=False),
            measure("tokencache write", [ctx.tc, "write"], ctx.runs, ctx.warmup, stdin_path=src, env=env,
                    count_ir=False),
            measure("redis-cli SET (floor)", server.cli("-x", "SET", key), ctx.runs, ctx.warmup, stdin_path=src,
                    count_ir=False),
        ]
        out.append("### Redis, 100 KiB partition (%d bytes), loopback redis-server\n" % len(doc))
        out.append("**read** (`redis-cli GET` is the floor)\n")
        out.append(table(reads, "redis-cli GET (floor)", "vs redis-cli"))
        out.append("")
        out.append("**write** (`tokencache write --merge` row = a `write` of the base document plus a "
                   "`write --merge` of one new entry: WATCH, GET, merge, MULTI/SET KEEPTTL/EXEC; `redis-cli SET` is the floor)\n")
        out.append(table(writes, "redis-cli SET (floor)", "vs redis-cli"))
        out.append("")

        # `redis list` over many keys: small msal-node caches plus sessions.
        subprocess.run(server.cli("FLUSHALL"), stdout=subprocess.DEVNULL, check=True)
        small = sample_cache(1000).decode()
        proto = bytearray()
        for i in range(list_keys):
            if i % 10 == 9:
                proto += redis_proto("SET", "sess:%d" % i, '{"cookie":{}}')
            else:
                k = "o%d.t" % i
                proto += redis_proto("SET", k, small.replace("uid.utid", k))
        subprocess.run(server.cli("--pipe"), input=bytes(proto), stdout=subprocess.DEVNULL, check=True)
        del proto
        print("redis list over %d keys" % list_keys, file=sys.stderr)
        runs = max(3, ctx.runs // 5)
        lists = [
            measure("tokencache redis list --json", [ctx.tc, "--json", "redis", "list"], runs, 1, env=env,
                    count_ir=False),
            measure("tokencache redis list", [ctx.tc, "redis", "list"], runs, 1, env=env, count_ir=False),
            measure("redis-cli --scan (floor: keys only)", server.cli("--scan"), runs, 1,
                    count_ir=False),
        ]
        out.append("### Redis `redis list` over %d keys (90%% ~1 KiB msal-node caches, 10%% sessions)\n" % list_keys)
        out.append("`redis-cli --scan` only walks the key names; `redis list` also reads every key's type, TTL, "
                   "size and value and parses each cache. Peak RSS shows memory stays bounded by one batch.\n")
        out.append(table(lists, "redis-cli --scan (floor: keys only)", "vs redis-cli --scan"))
        out.append("")
    finally:
        server.stop()


# --------------------------------------------------------------------------
# Redis Cluster (issue 25): six private redis-servers on loopback made a
# 3-master/3-replica cluster, stopped by PID
# --------------------------------------------------------------------------

def crc16_xmodem(data):
    """Redis Cluster's key hash (CRC16-CCITT/XMODEM, as `CLUSTER KEYSLOT`)."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


class RedisCluster:
    def __init__(self, work):
        self.work = os.path.join(work, "cluster")
        os.makedirs(self.work, mode=0o700)
        self.nodes = []
        for i in range(6):
            node = RedisServer.__new__(RedisServer)
            import socket
            # A cluster node also listens on port + 10000 (the cluster bus),
            # so redis-server refuses a port above 55535.
            while True:
                sock = socket.socket()
                sock.bind(("127.0.0.1", 0))
                node.port = sock.getsockname()[1]
                sock.close()
                if node.port <= 55535:
                    break
            node.dir = os.path.join(self.work, str(i))
            os.makedirs(node.dir, mode=0o700)
            node.proc = subprocess.Popen(
                ["redis-server", "--bind", "127.0.0.1", "--port", str(node.port), "--dir", node.dir,
                 "--save", "", "--appendonly", "no", "--logfile", os.path.join(node.dir, "log"),
                 "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                 "--cluster-node-timeout", "5000"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.nodes.append(node)
        try:
            self._join()
        except BaseException:
            self.stop()  # the servers already started, by PID
            raise

    def _join(self):
        for node in self.nodes:
            for _ in range(1000):
                if subprocess.run(node.cli("PING"), capture_output=True).stdout.strip() == b"PONG":
                    break
                time.sleep(0.01)
            else:
                raise RuntimeError("redis-server did not start")
        subprocess.run(["redis-cli", "--cluster", "create"]
                       + ["127.0.0.1:%d" % n.port for n in self.nodes]
                       + ["--cluster-replicas", "1", "--cluster-yes"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        for _ in range(600):
            if all(b"cluster_state:ok" in subprocess.run(n.cli("CLUSTER", "INFO"), capture_output=True).stdout
                   for n in self.nodes):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("the cluster did not become ok")

    def url(self):
        return ",".join(n.url() for n in self.nodes)

    def cli(self, *args):
        return ["redis-cli", "-c", "-p", str(self.nodes[0].port)] + list(args)

    def masters(self):
        """[(port, [(first slot, last slot), ...])] from CLUSTER NODES."""
        text = subprocess.run(self.nodes[0].cli("CLUSTER", "NODES"), capture_output=True, text=True,
                              check=True).stdout
        found = []
        for line in text.splitlines():
            fields = line.split()
            if "master" not in fields[2].split(","):
                continue
            port = int(fields[1].split("@")[0].rsplit(":", 1)[1])
            ranges = []
            for r in fields[8:]:
                if r.startswith("["):
                    continue
                a, _, b = r.partition("-")
                ranges.append((int(a), int(b or a)))
            found.append((port, ranges))
        return found

    def stop(self):
        for n in self.nodes:
            n.stop()


def cluster_section(ctx, out, list_keys):
    """Issue 25: `read` and `write --merge` of a 100 KiB partition on a
    Redis Cluster against `redis-cli -c GET/SET`, and `prune` over many
    keys spread over the masters (time and peak memory)."""
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        out.append("### Redis Cluster\n\nskipped: redis-server / redis-cli are not installed (see .ci/run).\n")
        return
    cluster = RedisCluster(ctx.work)
    try:
        doc = sample_cache(100 << 10)
        src = os.path.join(ctx.work, "cluster-input.json")
        with open(src, "wb") as f:
            f.write(doc)
        merged = json.loads(doc)
        first = dict(next(iter(merged["AccessToken"].values())), target="scope-new", secret="eyJnew")
        incoming = os.path.join(ctx.work, "cluster-merge.json")
        with open(incoming, "w") as f:
            json.dump({"AccessToken": {"uid.utid-login.microsoftonline.com-accesstoken-client-0-tenant-scope-new": first}}, f)
        key = "uid.utid"
        subprocess.run(cluster.cli("-x", "SET", key), stdin=open(src, "rb"), stdout=subprocess.DEVNULL, check=True)
        env = dict(ctx.env, TOKENCACHE_STORE="redis", TOKENCACHE_REDIS_CLUSTER="1",
                   TOKENCACHE_REDIS_URL=cluster.url(), TOKENCACHE_REDIS_KEY=key)
        print("redis cluster, 100 KiB partition (%d bytes)" % len(doc), file=sys.stderr)
        reads = measure_group([
            Cmd("tokencache --redis-cluster read", [ctx.tc, "read"], env=env, count_ir=False),
            Cmd("redis-cli -c GET (floor)", cluster.cli("--raw", "GET", key), count_ir=False),
        ], ctx.runs, ctx.warmup)
        writes = measure_group([
            Cmd("tokencache --redis-cluster write --merge",
                ["sh", "-c", '"$0" write < "$1" && "$0" write --merge < "$2"', ctx.tc, src, incoming],
                env=env, count_ir=False),
            Cmd("tokencache --redis-cluster write", [ctx.tc, "write"], stdin_path=src, env=env, count_ir=False),
            Cmd("redis-cli -c SET (floor)", cluster.cli("-x", "SET", key), stdin_path=src, count_ir=False),
        ], ctx.runs, ctx.warmup)
        out.append("### Redis Cluster (3 masters + 3 replicas on loopback), 100 KiB partition (%d bytes)\n"
                   % len(doc))
        out.append("Every seed node in `--redis-url`, as the guide advises; `redis-cli -c` follows the "
                   "redirection from the node it asks.\n")
        out.append("**read** (`redis-cli -c GET` is the floor)\n")
        out.append(table(reads, "redis-cli -c GET (floor)", "vs redis-cli -c"))
        out.append("")
        out.append("**write** (`write --merge` row = a `write` of the base document plus a `write --merge` of "
                   "one new entry, each a GET and a compare-and-set script; `redis-cli -c SET` is the floor)\n")
        out.append(table(writes, "redis-cli -c SET (floor)", "vs redis-cli -c"))
        out.append("")

        # prune over many keys: small msal-node caches whose access tokens
        # are all expired, spread over the masters by their slots.
        subprocess.run(["sh", "-c", "for p in \"$@\"; do redis-cli -p $p FLUSHALL >/dev/null; done", "sh"]
                       + [str(n.port) for n in cluster.nodes], check=False)
        small = sample_cache(1000).decode()
        masters = cluster.masters()
        protos = {port: bytearray() for port, _ in masters}
        for i in range(list_keys):
            k = "o%d.t" % i
            slot = crc16_xmodem(k.encode()) % 16384
            port = next(p for p, ranges in masters if any(a <= slot <= b for a, b in ranges))
            protos[port] += redis_proto("SET", k, small.replace("uid.utid", k))
        for port, proto in protos.items():
            subprocess.run(["redis-cli", "-p", str(port), "--pipe"], input=bytes(proto),
                           stdout=subprocess.DEVNULL, check=True)
        del protos
        penv = {k: v for k, v in env.items() if k != "TOKENCACHE_REDIS_KEY"}
        print("redis cluster: prune over %d keys" % list_keys, file=sys.stderr)
        runs = max(3, ctx.runs // 5)
        dry = measure_group([
            Cmd("tokencache prune --dry-run", [ctx.tc, "prune", "--dry-run"], env=penv, count_ir=False),
            Cmd("tokencache list", [ctx.tc, "list"], env=penv, count_ir=False),
        ], runs, 1)
        started = time.monotonic()
        rss = peak_rss([ctx.tc, "--json", "prune"], env=penv)
        took = time.monotonic() - started
        left = subprocess.run(cluster.cli("--raw", "GET", "o0.t"), capture_output=True).stdout
        removed = left.count(b'"AccessToken"') == 1 and b"accesstoken" not in left
        out.append("### Redis Cluster: `prune` over %d keys (~1 KiB msal-node caches, every access token "
                   "expired, spread over 3 masters)\n" % list_keys)
        out.append("The dry run walks every master and decides per key without writing; the real run "
                   "rewrites every key (each in its own compare-and-set script) once: %.1f s, peak RSS %s "
                   "KiB%s.\n" % (took, rss if rss is not None else "n/a",
                                 "" if removed else " (check: a key still holds access tokens)"))
        out.append(table(dry, "tokencache list", "vs list"))
        out.append("")
    finally:
        cluster.stop()


# --------------------------------------------------------------------------
# Postgres (issue 25): a private cluster made with initdb in a temp dir,
# `postgres` on loopback, stopped by PID
# --------------------------------------------------------------------------

PG_PASSWORD = "bench-pg-pass"


def pg_bin_dir():
    """Debian's Postgres programs (the newest major version installed)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                   key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0)
    found = [d for d in found if os.path.exists(os.path.join(d, "initdb"))
             and os.path.exists(os.path.join(d, "postgres"))]
    return found[-1] if found else None


class PgServer:
    """`initdb` in a temp dir and `postgres` on a free loopback port, TLS on
    (a test CA and a certificate for `localhost`), a password user `app`
    (SCRAM over TCP) owning `cachedb`, and Microsoft.Extensions.Caching.Postgres's
    table `public.cache`. Postgres refuses to run as root: as root, its
    programs run as the `postgres` user (`runuser`), in a temp dir given to
    that user (outside the bench's 0700 work dir), as tests/postgres.rs does."""

    def __init__(self, bindir):
        self.bindir = bindir
        self.root = os.geteuid() == 0
        self.dir = tempfile.mkdtemp(prefix="tokencache-bench-pg-")
        self.pid = None
        self.proc = None
        try:
            self._start()
        except BaseException:
            self.stop()  # whatever already started, by PID
            raise

    def as_pg(self, argv):
        return (["runuser", "-u", "postgres", "--"] + argv) if self.root else argv

    def _start(self):
        d = self.dir
        subprocess.run(["sh", "-c", """set -e
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \\
  -keyout ca.key -out ca.crt -days 2 -subj /CN=tokencache-bench-pg-ca 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \\
  -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \\
  -out server.crt -days 2 -extfile ext.cnf 2>/dev/null
chmod 600 server.key ca.key
chmod 644 ca.crt server.crt
"""], cwd=d, check=True)
        if self.root:
            subprocess.run(["chown", "-R", "postgres:", d], check=True)
        data = os.path.join(d, "data")
        subprocess.run(self.as_pg([os.path.join(self.bindir, "initdb"), "-D", data, "-U", "postgres",
                                   "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
                                   "-E", "UTF8"]),
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        log = open(os.path.join(d, "log"), "wb")
        self.proc = subprocess.Popen(
            self.as_pg([os.path.join(self.bindir, "postgres"), "-D", data,
                        "-c", "listen_addresses=127.0.0.1", "-c", "port=%d" % self.port,
                        "-c", "unix_socket_directories=%s" % d, "-c", "fsync=off", "-c", "ssl=on",
                        "-c", "ssl_cert_file=%s/server.crt" % d, "-c", "ssl_key_file=%s/server.key" % d]),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        pidfile = os.path.join(data, "postmaster.pid")
        for _ in range(300):
            if self.pid is None and os.path.exists(pidfile):
                try:
                    self.pid = int(open(pidfile).readline().strip())
                except ValueError:
                    pass
            if self.pid and subprocess.run(self.psql("postgres", "SELECT 1"), capture_output=True).returncode == 0:
                break
            if self.proc.poll() is not None:
                raise RuntimeError("postgres exited: %s" % open(os.path.join(d, "log")).read()[-500:])
            time.sleep(0.1)
        else:
            raise RuntimeError("postgres did not start")
        self.sql("postgres", "CREATE ROLE app LOGIN PASSWORD '%s'" % PG_PASSWORD)
        self.sql("postgres", "CREATE DATABASE cachedb OWNER app")
        # Microsoft.Extensions.Caching.Postgres's table (as tests/support/pg_server.rs).
        self.sql("cachedb", "SET ROLE app; CREATE TABLE public.cache ("
                 " id varchar(449) COLLATE \"C\" NOT NULL, value bytea NOT NULL,"
                 " expiresattime timestamptz NOT NULL, slidingexpirationinseconds int8 NULL,"
                 " absoluteexpiration timestamptz NULL, CONSTRAINT cache_pkey PRIMARY KEY (id))")

    def psql(self, db, sql):
        """psql as the superuser over the Unix socket (setup only)."""
        return self.as_pg(["psql", "-h", self.dir, "-p", str(self.port), "-U", "postgres", "-d", db,
                           "-v", "ON_ERROR_STOP=1", "-X", "-A", "-t", "-q", "-c", sql])

    def sql(self, db, sql):
        subprocess.run(self.psql(db, sql), stdout=subprocess.DEVNULL, check=True)

    def sql_stdin(self, db, sql):
        """`sql` on psql's stdin: one argument holds at most 128 KiB."""
        argv = self.psql(db, "")
        argv[argv.index("-c"):] = ["-f", "-"]
        subprocess.run(argv, input=sql.encode(), stdout=subprocess.DEVNULL, check=True)

    def ca_file(self):
        return os.path.join(self.dir, "ca.crt")

    def stop(self):
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGINT)  # Postgres's fast shutdown
            except ProcessLookupError:
                pass
            self.pid = None
        if self.proc:
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)


def postgres_section(ctx, out):
    """Issue 25: `read --store postgres` of a 100 KiB partition against
    `psql -At -c "SELECT value FROM … WHERE id=…"`, both over TCP with the
    password from the environment (SCRAM), without and with TLS."""
    bindir = pg_bin_dir()
    needed = [bindir and os.path.exists(os.path.join(bindir, "psql")), shutil.which("openssl"), bindir]
    if os.geteuid() == 0:
        needed += [shutil.which("runuser"),
                   subprocess.run(["id", "postgres"], capture_output=True).returncode == 0]
    if not all(needed):
        out.append("### Postgres\n\nskipped: postgresql (initdb, postgres, psql) or openssl is not installed "
                   "(see .ci/run), or, as root, there is no `postgres` user.\n")
        return
    server = PgServer(bindir)
    try:
        doc = sample_cache(100 << 10)
        key = "uid.utid"
        # The row as the provider writes it (value bytea, an expiry a day ahead).
        hexdoc = doc.hex()
        server.sql_stdin("cachedb", "SET ROLE app; INSERT INTO public.cache (id, value, expiresattime, "
                   "slidingexpirationinseconds, absoluteexpiration) VALUES ('%s', '\\x%s'::bytea, "
                   "now() + interval '1 day', NULL, NULL)" % (key, hexdoc))
        select = "SELECT value FROM public.cache WHERE id = '%s'" % key
        base_env = {k: v for k, v in ctx.env.items() if not k.startswith("PG")}
        rows = []
        for label, sslmode, psql_ssl in [("no TLS", "disable", {"PGSSLMODE": "disable"}),
                                         ("TLS", "require", {"PGSSLMODE": "verify-full",
                                                             "PGSSLROOTCERT": server.ca_file()})]:
            tc_env = dict(base_env, TOKENCACHE_STORE="postgres",
                          TOKENCACHE_PG_URL="postgres://app@localhost:%d/cachedb?sslmode=%s" % (server.port, sslmode),
                          TOKENCACHE_PG_PASSWORD=PG_PASSWORD, TOKENCACHE_PG_KEY=key,
                          TOKENCACHE_PG_TABLE="public.cache", TOKENCACHE_PG_LAYOUT="microsoft")
            if sslmode != "disable":
                tc_env["TOKENCACHE_PG_CA_FILE"] = server.ca_file()
            # No GSSAPI attempt (libpq's default `gssencmode=prefer` first
            # looks for Kerberos credentials): tokencache makes none either.
            pg_env = dict(base_env, PGPASSWORD=PG_PASSWORD, PGGSSENCMODE="disable", **psql_ssl)
            # Debian's /usr/bin/psql is a Perl wrapper (pg_wrapper) that
            # picks a cluster: the real psql is the floor.
            psql = [os.path.join(bindir, "psql"), "-X", "-h", "localhost", "-p", str(server.port), "-U", "app", "-d", "cachedb",
                    "-At", "-c", select]
            # Check both answer what was stored before timing them.
            got = subprocess.run([ctx.tc, "read"], env=tc_env, capture_output=True, check=True).stdout
            if got != doc:
                raise RuntimeError("tokencache read (%s) did not return the stored partition" % label)
            got = subprocess.run(psql, env=pg_env, capture_output=True, check=True).stdout.strip()
            if got != b"\\x" + hexdoc.encode():
                raise RuntimeError("psql (%s) did not return the stored value" % label)
            print("postgres, 100 KiB partition (%d bytes), %s" % (len(doc), label), file=sys.stderr)
            res = measure_group([
                Cmd("tokencache read (%s)" % label, [ctx.tc, "read"], env=tc_env, count_ir=False),
                Cmd("psql -At -c 'SELECT value …' (%s)" % label, psql, env=pg_env, count_ir=False),
            ], ctx.runs, ctx.warmup)
            rows.append((label, res))
        out.append("### Postgres, 100 KiB partition (%d bytes), loopback Postgres (%s)\n"
                   % (len(doc), os.path.basename(os.path.dirname(bindir))))
        out.append("One row of Microsoft.Extensions.Caching.Postgres's table (`value bytea`). Both clients "
                   "connect over TCP to `localhost` as the password user `app` (SCRAM; the password from the "
                   "environment: `TOKENCACHE_PG_PASSWORD`, `PGPASSWORD`), each a new process and connection. "
                   "`psql` prints the bytea as hex (2x the bytes); tokencache checks the row's expiry, "
                   "validates the cache and prints the JSON. TLS: tokencache `sslmode=require` with "
                   "`--pg-ca-file` (rustls verifies the certificate and name), psql `sslmode=verify-full` "
                   "with the same CA; psql with `PGGSSENCMODE=disable` (tokencache tries no GSSAPI either), run as `%s` (Debian's `/usr/bin/psql` is a Perl wrapper that costs "
                   "about 60 ms more).\n" % os.path.join(bindir, "psql"))
        for label, res in rows:
            out.append("**read, %s** (`psql` is the floor)\n" % label)
            out.append(table(res, res[1].name, "vs psql"))
            out.append("")
    finally:
        server.stop()


def consumers_section(ctx, out, targets):
    """Issue 22: `az account get-access-token` answered through an `az` link
    to tokencache against `token --format az` on the same cache (what the
    link's argument parsing and azureProfile.json reading cost). The real
    Azure CLI is not measured: it cannot answer offline (MSAL Python, which
    it uses, fetches the authority's OpenID configuration when the app is
    constructed, before the cache is looked at), and this machine has no
    network but the package registries."""
    home = os.path.join(ctx.work, "consumers-home")
    azure = os.path.join(home, ".azure")
    os.makedirs(azure, exist_ok=True)
    cli = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
    now = int(time.time())
    ats, rts = {}, {}
    # What months of `az` use leave: tokens for a few dozen resources in
    # two tenants, one refresh token per tenant.
    for i in range(40):
        for tenant in ("t1", "t2"):
            target = "https://resource-%d.example.com/.default" % i
            ats["at-%d-%s" % (i, tenant)] = {
                "credential_type": "AccessToken", "secret": "token-%d-%s" % (i, tenant) + "x" * 1500,
                "home_account_id": "a11ce.t1", "environment": "login.microsoftonline.com", "client_id": cli,
                "realm": tenant, "target": target, "token_type": "Bearer", "cached_at": str(now),
                "expires_on": str(now + 3600), "extended_expires_on": str(now + 3600)}
    ats["arm"] = dict(ats["at-0-t1"], target="https://management.core.windows.net//user_impersonation "
                      "https://management.core.windows.net//.default", secret="arm-" + "x" * 1500)
    rts["rt"] = {"credential_type": "RefreshToken", "secret": "r" * 1000, "home_account_id": "a11ce.t1",
                 "environment": "login.microsoftonline.com", "client_id": cli, "family_id": "1"}
    account = {"home_account_id": "a11ce.t1", "environment": "login.microsoftonline.com", "realm": "t1",
               "local_account_id": "a11ce", "username": "alice@contoso.com", "authority_type": "MSSTS"}
    with open(os.path.join(azure, "msal_token_cache.json"), "w") as f:
        json.dump({"AccessToken": ats, "RefreshToken": rts, "Account": {"a": account}, "IdToken": {},
                   "AppMetadata": {}}, f)
    subs = [{"id": "sub-%d" % i, "name": "Sub %d" % i, "tenantId": "t1", "isDefault": i == 3, "state": "Enabled",
             "user": {"name": "alice@contoso.com", "type": "user"}, "environmentName": "AzureCloud"}
            for i in range(10)]
    with open(os.path.join(azure, "azureProfile.json"), "w", encoding="utf-8-sig") as f:
        json.dump({"installationId": "x", "subscriptions": subs}, f)
    links = os.path.join(ctx.work, "consumers-bin")
    os.makedirs(links, exist_ok=True)
    az = os.path.join(links, "az")
    if not os.path.lexists(az):
        os.symlink(ctx.tc, az)
    env = {"HOME": home, "PATH": os.environ.get("PATH", ""), "TZ": "UTC0"}
    print("consumers: az link against token --format az", file=sys.stderr)
    res = measure_group([
        Cmd("az account get-access-token (link)",
            [az, "account", "get-access-token", "--output", "json", "--resource",
             "https://management.core.windows.net/"], env=env),
        Cmd("tokencache token --format az",
            [ctx.tc, "--preset", "azure-cli", "token", "--scope",
             "https://management.core.windows.net//.default", "--format", "az"], env=env),
        Cmd("tokencache token (raw)",
            [ctx.tc, "--preset", "azure-cli", "token", "--scope",
             "https://management.core.windows.net//.default"], env=env),
    ], ctx.runs, ctx.warmup)
    out.append("### Consumers: `az account get-access-token` through the link (%d runs, interleaved)\n" % ctx.runs)
    out.append("A %d KiB Azure CLI cache (81 access tokens, 2 tenants) and a 10-subscription "
               "azureProfile.json. The real Azure CLI is not in the table: it cannot answer offline "
               "(MSAL Python fetches `https://login.microsoftonline.com/<tenant>/v2.0/.well-known/"
               "openid-configuration` when the app is constructed).\n"
               % (os.path.getsize(os.path.join(azure, "msal_token_cache.json")) >> 10))
    out.append(table(res, "tokencache token --format az", "vs token --format az"))
    out.append("")
    kube_round_trip(ctx, out, env)


def kube_round_trip(ctx, out, env):
    """kubectl against a loopback HTTPS API server (tests/peers/consumers.py
    kube-server), its token from the exec plugin `tokencache token --format
    exec-credential` against the same token written in the kubeconfig: what
    the plugin adds to a kubectl command."""
    python = ctx.py
    if not shutil.which("kubectl") or not os.path.exists(python):
        out.append("kubectl's exec-plugin round trip: not measured (kubectl or the peers' Python missing).\n")
        return
    folder = os.path.join(ctx.work, "kube")
    os.makedirs(folder, exist_ok=True)
    server = subprocess.Popen([python, os.path.join(PEERS_SRC, "consumers.py"), "kube-server", folder],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        configs = {}
        for name, user in (
            ("exec", {"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": ctx.tc,
                               "args": ["--preset", "azure-cli", "token", "--format", "exec-credential",
                                        "--scope", "https://management.core.windows.net//.default"],
                               "interactiveMode": "Never"}}),
            ("static", {"token": "arm-" + "x" * 1500}),
        ):
            doc = {"apiVersion": "v1", "kind": "Config", "current-context": "c",
                   "clusters": [{"name": "k", "cluster": {"server": url,
                                                          "certificate-authority": os.path.join(folder, "ca.pem")}}],
                   "users": [{"name": "u", "user": user}],
                   "contexts": [{"name": "c", "context": {"cluster": "k", "user": "u"}}]}
            configs[name] = os.path.join(folder, "kubeconfig-" + name)
            with open(configs[name], "w") as f:
                json.dump(doc, f)
        print("consumers: kubectl exec plugin against a token in the kubeconfig", file=sys.stderr)
        argv = lambda name: ["kubectl", "--kubeconfig", configs[name], "get", "--raw", "/api/v1/namespaces"]
        res = measure_group([
            Cmd("kubectl, token from tokencache (exec plugin)", argv("exec"), env=env, count_ir=False),
            Cmd("kubectl, token in the kubeconfig", argv("static"), env=env, count_ir=False),
        ], ctx.runs, ctx.warmup)
    finally:
        server.kill()
        server.wait()
    out.append("### Consumers: kubectl's exec-plugin round trip (%d runs, interleaved)\n" % ctx.runs)
    out.append("`kubectl get --raw /api/v1/namespaces` against a loopback HTTPS API server; the plugin is "
               "run once per kubectl command (kubectl keeps exec credentials in memory only).\n")
    out.append(table(res, "kubectl, token in the kubeconfig", "vs token in kubeconfig"))
    out.append("")


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    def version(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "n/a"
    return [
        "- date: %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "- machine: %s, %d CPUs (`nproc`), %s, kernel %s" % (cpu, os.cpu_count(), platform.machine(), platform.release()),
        "- tokencache: %s (%s, `cargo build --release`)" % (
            version([sys.argv[sys.argv.index("--tokencache") + 1], "--version"]), HOST_LABEL),
    ] + ([
        "- release binary: `%s` (%s, .ci/release/build-musl)" % (
            os.path.relpath(sys.argv[sys.argv.index("--release-bin") + 1], ROOT), RELEASE_LABEL),
    ] if "--release-bin" in sys.argv else []) + [
        "- python: %s; node: %s" % (version(["python3", "--version"]), version(["node", "--version"])),
        "- load average at start: %s" % " ".join(open("/proc/loadavg").read().split()[:3]),
    ]


def file_sections(ctx, out, targets):
    v_small = file_section(ctx, "100 KiB", 100 << 10, out)
    v_big = file_section(ctx, "16 MiB", (16 << 20) - (1 << 10), out)
    with open(ctx.args.out + ".file.json", "w") as f:
        json.dump({"100KiB": v_small, "16MiB": v_big}, f)


def contention_sections(ctx, out, targets):
    c = contention_section(ctx, out, ctx.args.procs, ctx.args.ops)
    with open(ctx.args.out + ".contention.json", "w") as f:
        json.dump({k: v for k, v in c.items() if k != "runs"}, f)


# name -> function(ctx, out, targets); run in this order.
SECTIONS = {
    "floor": floor_section,
    "size": size_section,
    "stream": lambda ctx, out, targets: stream_section(ctx, out, targets, ctx.args.procs, ctx.args.ops),
    "file": file_sections,
    "contention": contention_sections,
    "ss": lambda ctx, out, targets: ss_section(ctx, out),
    "redis": lambda ctx, out, targets: redis_section(ctx, out, ctx.args.list_keys),
    "cluster": lambda ctx, out, targets: cluster_section(ctx, out, ctx.args.list_keys),
    "postgres": lambda ctx, out, targets: postgres_section(ctx, out),
    "consumers": consumers_section,
}
DEFAULT_SECTIONS = ["floor", "size", "stream", "file", "contention", "consumers"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokencache", required=True)
    ap.add_argument("--release-bin", help="the release binary (static musl), measured beside --tokencache "
                    "in the floor and size sections")
    ap.add_argument("--peers", required=True)
    ap.add_argument("--ss-baseline", help="another tokencache build measured beside --tokencache in the "
                    "Secret Service tables (the build before a change)")
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--procs", type=int, default=8)
    ap.add_argument("--ops", type=int, default=100)
    ap.add_argument("--section", action="append", choices=list(SECTIONS) + ["startup"],
                    help="default: %s" % ", ".join(DEFAULT_SECTIONS))
    ap.add_argument("--list-keys", type=int, default=100000, help="keys for the redis list benchmark")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    sections = [("floor" if s == "startup" else s) for s in (args.section or DEFAULT_SECTIONS)]
    ctx = Ctx(args)
    ctx.args = args
    header = machine()  # before any section, so the load average is the machine's, not ours
    out, targets = [], Targets()
    try:
        for name in SECTIONS:
            if name in sections:
                SECTIONS[name](ctx, out, targets)
    finally:
        shutil.rmtree(ctx.work, ignore_errors=True)
    header.append("- load average at the end: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    text = "\n".join(targets.markdown() + out) + "\n"
    if "ss" not in sections or len(sections) > 1:
        text = "\n".join(header) + "\n\n" + text
    with open(args.out, "w") as f:
        f.write(text)
    with open(args.out + ".targets.json", "w") as f:
        json.dump(targets.rows, f)
    print(text)


if __name__ == "__main__":
    main()
