#!/usr/bin/env bash
# `tokencache serve --managed-identity` under load (issue 24): requests/s and
# p50/p99 latency on loopback for 1 and 32 concurrent kept-alive clients
# (wrk, each request with X-IDENTITY-HEADER), and serve's memory under that
# load, against
#   - a reference: nginx answering the same response bytes from its
#     configuration (checking the same header): a server built for this,
#     doing the least the request needs, under the same load generator;
#   - the az approach: one `az account get-access-token` process per token,
#     as the sidecars that emulate the endpoint run it. The real Azure CLI
#     cannot answer offline (MSAL Python fetches the authority's OpenID
#     configuration before it looks at the cache), so the process here is
#     tokencache's own az mode through an `az` link to the same binary, on
#     the same cache: a lower bound for the real thing.
# Every row is run once per round, the rounds interleaved; the tables give the
# median over the rounds (and the range of requests/s).
#
#   benches/serve.sh [ROUNDS]     (default 5, about 45 s a round)
#
# DURATION: seconds per wrk run (default 10). BIN: the tokencache binary
# (default target/release/tokencache, built here). ALSO: another tokencache
# binary (an earlier build) whose serve gets rows of its own, interleaved
# with the others. CACHE_KIB: grow the cache to about this size with more
# access tokens for other resources (default: the 150 KiB one). Needs wrk
# and nginx
# (Debian packages, installed here with apt-get when missing and run as
# root) and python3. Results: stdout and target/bench/serve.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
duration=${DURATION:-10}

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "benches/serve.sh: install ${missing[*]} (Debian: apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)

if [ -n "${BIN:-}" ]; then
  bin=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
else
  (cd "$here" && cargo build --release --locked --quiet)
  bin=$here/target/release/tokencache
fi
mkdir -p "$here/target/bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

also=
if [ -n "${ALSO:-}" ]; then
  also=$(cd "$(dirname "$ALSO")" && pwd)/$(basename "$ALSO")
fi
python3 - "$bin" "$nginx" "$work" "$rounds" "$duration" "$here/target/bench/serve.md" "$also" "${CACHE_KIB:-0}" <<'EOF'
import atexit, json, os, platform, re, socket, statistics, subprocess, sys, threading, time
import urllib.parse
import urllib.request

bin_, nginx, work, rounds, duration, out_path, also, cache_kib_wanted = sys.argv[1:]
rounds, duration, cache_kib_wanted = int(rounds), int(duration), int(cache_kib_wanted)

# The Azure CLI's cache as months of use leave it (benches/bench.py's
# consumers section: 81 access tokens for 40 resources in two tenants, a
# refresh token; 150 KiB) and a 10-subscription azureProfile.json.
home = os.path.join(work, "home")
azure = os.path.join(home, ".azure")
os.makedirs(azure)
cli = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
now = int(time.time())
ats = {}
for i in range(40):
    for tenant in ("t1", "t2"):
        ats["at-%d-%s" % (i, tenant)] = {
            "credential_type": "AccessToken", "secret": "token-%d-%s" % (i, tenant) + "x" * 1500,
            "home_account_id": "a11ce.t1", "environment": "login.microsoftonline.com", "client_id": cli,
            "realm": tenant, "target": "https://resource-%d.example.com/.default" % i, "token_type": "Bearer",
            "cached_at": str(now), "expires_on": str(now + 36000), "extended_expires_on": str(now + 36000)}
ats["arm"] = dict(ats["at-0-t1"], target="https://management.core.windows.net//user_impersonation "
                  "https://management.core.windows.net//.default", secret="arm-" + "x" * 1500)
# CACHE_KIB: about 1.9 KiB an entry.
for i in range(max(0, cache_kib_wanted - 150) * 1024 // 1900):
    ats["filler-%d" % i] = dict(ats["at-1-t1"], target="https://filler-%d.example.com/.default" % i,
                                secret="filler-%d-" % i + "x" * 1500)
cache = {"AccessToken": ats,
         "RefreshToken": {"rt": {"credential_type": "RefreshToken", "secret": "r" * 1000, "home_account_id": "a11ce.t1",
                                 "environment": "login.microsoftonline.com", "client_id": cli, "family_id": "1"}},
         "Account": {"a": {"home_account_id": "a11ce.t1", "environment": "login.microsoftonline.com", "realm": "t1",
                           "local_account_id": "a11ce", "username": "alice@contoso.com", "authority_type": "MSSTS"}},
         "IdToken": {}, "AppMetadata": {}}
with open(os.path.join(azure, "msal_token_cache.json"), "w") as f:
    json.dump(cache, f)
subs = [{"id": "sub-%d" % i, "name": "Sub %d" % i, "tenantId": "t1", "isDefault": i == 3, "state": "Enabled",
         "user": {"name": "alice@contoso.com", "type": "user"}, "environmentName": "AzureCloud"} for i in range(10)]
with open(os.path.join(azure, "azureProfile.json"), "w", encoding="utf-8-sig") as f:
    json.dump({"installationId": "x", "subscriptions": subs}, f)
cache_kib = os.path.getsize(os.path.join(azure, "msal_token_cache.json")) >> 10
resource = "https://management.core.windows.net/"
token = ats["arm"]["secret"]
env = {"HOME": home, "PATH": os.environ.get("PATH", ""), "TZ": "UTC0"}

# Whatever this script started is stopped when it ends, failed or not.
started_procs = []
@atexit.register
def stop_all():
    for p in started_procs:
        if p.poll() is None:
            p.terminate()
            p.wait()

loads = []
def load_now():
    one = os.getloadavg()[0]
    loads.append(one)
    return one

# tokencache serve, printing its two variables (no CMD): one per binary
# measured, each with its own secret.
def status(pid):
    with open("/proc/%d/status" % pid) as f:
        return {k: v.strip() for k, v in (l.split(":", 1) for l in f)}
class Serve:
    def __init__(self, binary, name):
        self.binary, self.name = binary, name
        err = open(os.path.join(work, name + ".err"), "w")
        self.proc = subprocess.Popen([binary, "--preset", "azure-cli", "serve", "--managed-identity"], env=env,
                                     stdout=subprocess.PIPE, stderr=err, text=True)
        started_procs.append(self.proc)
        exported = {}
        for _ in range(2):
            m = re.fullmatch(r"export (\w+)='(.*)'\n", self.proc.stdout.readline())
            exported[m.group(1)] = m.group(2)
        self.endpoint, self.secret = exported["IDENTITY_ENDPOINT"], exported["IDENTITY_HEADER"]
        self.url = self.endpoint + "?api-version=2019-08-01&resource=" + urllib.parse.quote(resource, safe="")
        self.idle_rss_kib = int(status(self.proc.pid)["VmRSS"].split()[0])
        with urllib.request.urlopen(urllib.request.Request(self.url, headers={"X-IDENTITY-HEADER": self.secret})) as r:
            self.raw = r.read()
        answer = json.loads(self.raw)
        assert answer["access_token"] == token and answer["expires_on"] == ats["arm"]["expires_on"], answer
        self.threads = []
servers = {"serve": Serve(bin_, "serve")}
if also:
    servers["also"] = Serve(also, "also")
    assert servers["also"].raw == servers["serve"].raw
serve = servers["serve"]
url, secret, raw = serve.url, serve.secret, serve.raw

# The reference: nginx returning serve's own answer bytes.
def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
port = free_port()
ngx = os.path.join(work, "nginx")
os.makedirs(ngx)
assert "'" not in raw.decode() and "$" not in raw.decode()
temp = "".join("%s_temp_path %s/%s;\n" % (t, ngx, t) for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
with open(os.path.join(ngx, "nginx.conf"), "w") as f:
    f.write("""worker_processes 2;
daemon off;
pid %(ngx)s/nginx.pid;
error_log %(ngx)s/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  %(temp)s
  keepalive_requests 10000000;
  keepalive_timeout 5s;
  server {
    listen 127.0.0.1:%(port)d;
    location = /msi/token {
      if ($http_x_identity_header != "%(secret)s") { return 401; }
      default_type "application/json; charset=utf-8";
      add_header Cache-Control no-store;
      return 200 '%(body)s';
    }
  }
}
""" % {"ngx": ngx, "temp": temp, "port": port, "secret": secret, "body": raw.decode()})
ref = subprocess.Popen([nginx, "-e", os.path.join(ngx, "error.log"), "-p", ngx, "-c", os.path.join(ngx, "nginx.conf")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
started_procs.append(ref)
ref_url = url.replace(serve.endpoint.split("/msi/")[0], "http://127.0.0.1:%d" % port)
for _ in range(100):
    try:
        with urllib.request.urlopen(urllib.request.Request(ref_url, headers={"X-IDENTITY-HEADER": secret})) as r:
            assert r.read() == raw
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("nginx did not start: " + open(os.path.join(ngx, "error.log")).read())

# wrk takes the header from its environment (never an argv).
lua = os.path.join(work, "header.lua")
with open(lua, "w") as f:
    f.write('wrk.headers["X-IDENTITY-HEADER"] = os.getenv("IDENTITY_HEADER")\n')
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
TICK = os.sysconf("SC_CLK_TCK")
def cpu_seconds(pids):
    """User + system CPU time of these processes so far."""
    total = 0
    for pid in pids:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK
import resource as res
def own_cpu():
    """CPU time of this driver and its reaped children (wrk, the az processes)."""
    me, kids = res.getrusage(res.RUSAGE_SELF), res.getrusage(res.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
def machine_busy():
    """CPU time the whole machine spent busy so far (/proc/stat)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / TICK
class Others:
    """How many CPUs other work kept busy while a row ran: the machine's busy
    time less the server's, this driver's and its children's."""
    def __init__(self, pids):
        self.pids = pids
        self.t0, self.b0, self.o0, self.s0 = time.perf_counter(), machine_busy(), own_cpu(), cpu_seconds(pids)
    def cpus(self):
        wall = time.perf_counter() - self.t0
        ours = (own_cpu() - self.o0) + (cpu_seconds(self.pids) - self.s0)
        return max(0.0, (machine_busy() - self.b0 - ours) / wall)
def wrk(target, secret, clients, seconds, pids, watch=None):
    threads = min(clients, 2)
    others = Others(pids)
    cpu_before = cpu_seconds(pids)
    cmd = ["wrk", "-t%d" % threads, "-c%d" % clients, "-d%ds" % seconds, "--latency", "-s", lua, target]
    proc = subprocess.Popen(cmd, env=dict(os.environ, IDENTITY_HEADER=secret), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = None
    if watch:
        time.sleep(seconds / 2)
        seen = watch()
    text = proc.communicate()[0]
    cpu = cpu_seconds(pids) - cpu_before
    others = others.cpus()
    assert proc.returncode == 0, text
    def pct(p):
        m = re.search(r"^\s+%d%%\s+([\d.]+)(us|ms|s|m)\s*$" % p, text, re.M)
        return float(m.group(1)) * UNITS[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    if bad or errors:
        sys.exit("wrk saw failures against %s:\n%s" % (target, text))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
            "p50": pct(50), "p99": pct(99), "cpu_us": cpu * 1e6 / requests, "others": others,
            "requests": requests, "seen": seen}

# The az approach: one process per token, its output checked.
link_dir = os.path.join(work, "bin")
os.makedirs(link_dir)
az = os.path.join(link_dir, "az")
os.symlink(bin_, az)
az_cmd = [az, "account", "get-access-token", "--output", "json", "--resource", resource]
def az_calls(clients, calls):
    times, lock = [], threading.Lock()
    def worker(n):
        for _ in range(n):
            start = time.perf_counter()
            p = subprocess.run(az_cmd, env=env, capture_output=True)
            took = (time.perf_counter() - start) * 1000
            assert p.returncode == 0 and json.loads(p.stdout)["accessToken"] == token, p
            with lock:
                times.append(took)
    others = Others([])
    before = res.getrusage(res.RUSAGE_CHILDREN)
    start = time.perf_counter()
    ts = [threading.Thread(target=worker, args=(calls // clients + (i < calls % clients),)) for i in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.perf_counter() - start
    after = res.getrusage(res.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    times.sort()
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"rps": len(times) / wall, "p50": q[49], "p99": q[98], "requests": len(times),
            "cpu_us": cpu * 1e6 / len(times), "others": others.cpus(), "seen": None}

def nginx_pids():
    pids = [ref.pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == ref.pid:
                        pids.append(int(entry))
            except OSError:
                pass
    return pids
servers_first = [w for w in ("serve", "also") if w in servers]
rows = [(w, c) for c in (1, 32) for w in servers_first + ["nginx", "az"]]
AZ_CALLS = {1: 100, 32: 320}
results = {r: [] for r in rows}
started = load_now()
print("load average %.2f; warming up" % started, file=sys.stderr)
ref_pids = nginx_pids()
assert len(ref_pids) == 3, ref_pids
for sv in servers.values():
    wrk(sv.url, sv.secret, 32, 2, [sv.proc.pid])
wrk(ref_url, secret, 32, 2, ref_pids)
for n in range(rounds):
    for who, clients in rows:
        if who == "az":
            r = az_calls(clients, AZ_CALLS[clients])
        elif who == "nginx":
            r = wrk(ref_url, secret, clients, duration, ref_pids)
        else:
            sv = servers[who]
            r = wrk(sv.url, sv.secret, clients, duration, [sv.proc.pid],
                    watch=(lambda: int(status(sv.proc.pid)["Threads"])) if clients == 32 else None)
            if r["seen"] is not None:
                sv.threads.append(r["seen"])
        results[(who, clients)].append(r)
    print("round %d of %d done, load average %.2f" % (n + 1, rounds, load_now()), file=sys.stderr)
for sv in servers.values():
    sv.peak_rss_kib = int(status(sv.proc.pid)["VmHWM"].split()[0])
ended = load_now()
ref.terminate()
ref.wait()
for sv in servers.values():
    sv.proc.terminate()
    assert sv.proc.wait() == 143

def med(who, clients, key):
    return statistics.median(r[key] for r in results[(who, clients)])
def version(binary):
    lines = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.splitlines()
    commit = next((l.split(": ", 1)[1][:12] for l in lines if l.startswith("commit:")), "?")
    return "%s, commit %s" % (binary, commit)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
names = {
    "serve": "`tokencache serve --managed-identity` (%s)" % version(bin_),
    "also": "`tokencache serve --managed-identity` (%s)" % (version(also) if also else ""),
    "nginx": "nginx %s, the same answer from its config (reference)" % subprocess.run(
        [nginx, "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1],
    "az": "`az account get-access-token`, one process per token (the `az` link to %s)" % os.path.basename(bin_),
}
out = []
out.append("### `serve --managed-identity` on loopback (%s)\n" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
out.append("%d rounds, interleaved; wrk %d s per row and round (-t1 for 1 client, -t2 for 32), kept-alive "
           "connections; the az rows %d and %d processes per round. Machine: %d CPUs (%s), kernel %s; load "
           "average %.2f at the start, %.2f at the end, %.2f to %.2f over the rounds (the machine is shared: "
           "the load generator, the server and other work share its CPUs). A %d KiB Azure CLI cache "
           "(%d access tokens), resource `%s`.\n"
           % (rounds, duration, AZ_CALLS[1], AZ_CALLS[32], os.cpu_count(), cpu, platform.release(),
              started, ended, min(loads), max(loads), cache_kib, len(ats), resource))
out.append("| what answers | clients | requests/s (median) | range | p50 ms | p99 ms | CPU µs per request | requests/s vs nginx | vs serve | CPU vs serve | other work, CPUs |")
out.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for who, clients in rows:
    rps = med(who, clients, "rps")
    lo = min(r["rps"] for r in results[(who, clients)])
    hi = max(r["rps"] for r in results[(who, clients)])
    cpu = med(who, clients, "cpu_us")
    out.append("| %s | %d | %.0f | %.0f-%.0f | %.3f | %.3f | %.1f | %.3gx | %.3gx | %.3gx | %.2f |" % (
        names[who], clients, rps, lo, hi, med(who, clients, "p50"), med(who, clients, "p99"), cpu,
        rps / med("nginx", clients, "rps"), rps / med("serve", clients, "rps"), cpu / med("serve", clients, "cpu_us"),
        med(who, clients, "others")))
out.append("")
out.append("CPU per request: the answering processes' user + system time over the requests they answered "
           "(serve's process; nginx's master and 2 workers; for the az rows the az processes, not the "
           "Python driver that starts them); wrk's own CPU is in no row. Other work: how many of the "
           "machine's CPUs processes other than the server, wrk and this driver kept busy during the row "
           "(/proc/stat), the median over the rounds; the load average counts the benchmark's own "
           "threads too (wrk's and, at 32 clients, serve's 32 connection threads).\n")
for sv in servers.values():
    out.append("serve's memory (%s): %.1f MiB resident idle, %.1f MiB peak (VmHWM) after all rounds; %s threads "
               "during the 32-client runs (one per connection, the accept thread, the main one).\n"
               % (sv.binary, sv.idle_rss_kib / 1024, sv.peak_rss_kib / 1024,
                  "/".join(str(t) for t in sorted(set(sv.threads)))))
s_rps, s_p99 = med("serve", 32, "rps"), med("serve", 32, "p99")
out.append("Goal (issue 24), 32 clients: %.0f requests/s (>= 5,000: %s), p99 %.2f ms (<= 5 ms: %s)."
           % (s_rps, "met" if s_rps >= 5000 else "not met", s_p99, "met" if s_p99 <= 5 else "not met"))
out.append("")
text = "\n".join(out)
print(text)
with open(out_path, "w") as f:
    f.write(text + "\n")
EOF
