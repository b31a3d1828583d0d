#!/usr/bin/env bash
# Runs promptfoo and gapbench against the same local OpenAI-compatible server (the testkit's ProviderServer in its
# own JVM), on the same synthetic additions, at the same concurrency, and prints both throughputs and their ratio.
#
# Usage: bench/compare-promptfoo.sh [PROMPTFOO_DIR]
#   PROMPTFOO_DIR  a scratch folder where `npm i promptfoo` was run (default: $PROMPTFOO_DIR, else `promptfoo` on PATH).
#                  promptfoo is not part of the build (1.4 GB): mkdir /tmp/pf && cd /tmp/pf && npm init -y && npm i promptfoo
# Environment: CONCURRENCY (64), LATENCY_MS (50), SAMPLES (3000), PORT (18080).
#
# Two rates are printed per tool: "steady", requests over the span between the first and the last request the server
# saw (what the harness sustains once running), and "wall", samples over the whole command including start-up
# (what a user waits for). Both tools score every answer (promptfoo with a contains: assertion, gapbench with its
# suite's math scorer); gapbench also journals every sample and writes a fresh SQLite cache.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conc="${CONCURRENCY:-64}"; latency="${LATENCY_MS:-50}"; samples="${SAMPLES:-3000}"; port="${PORT:-18080}"
pfdir="${1:-${PROMPTFOO_DIR:-}}"
if [ -n "$pfdir" ] && [ -x "$pfdir/node_modules/.bin/promptfoo" ]; then
  promptfoo="$pfdir/node_modules/.bin/promptfoo"
elif command -v promptfoo >/dev/null 2>&1; then
  promptfoo="$(command -v promptfoo)"
else
  echo "compare-promptfoo: promptfoo not found. Install it outside the repository:" >&2
  echo "  mkdir /tmp/pf && cd /tmp/pf && npm init -y && npm i promptfoo   # then: $0 /tmp/pf" >&2
  exit 2
fi

"$repo/gapbench" --version >/dev/null   # builds the jars if needed
jar="$repo/harness/target/gapbench-all.jar:$repo/bench/target/gapbench-bench.jar:$repo/testkit/target/gapbench-testkit.jar"
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

java -XX:+UseSerialGC -Dsun.net.httpserver.nodelay=true -cp "$jar" org.gapbench.bench.ServerMain \
  --port "$port" --latency-ms "$latency" --response-chars 400 > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do grep -q '^listening ' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^listening ' "$work/server.log" || { echo "compare-promptfoo: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
base="http://127.0.0.1:$port/v1"
stats() { curl -s "http://127.0.0.1:$port/stats?reset"; }
# steady rate from a /stats answer: (requests - 1) / (last arrival - first arrival)
steady() { python3 -c 'import json,sys; s=json.loads(sys.argv[1]); d=(s["last_arrival_ns"]-s["first_arrival_ns"])/1e9; print("%.1f" % ((s["requests"]-1)/d if d>0 else 0))' "$1"; }
now() { date +%s.%N; }

# The same items for both tools: gapbench writes its synthetic suite; promptfoo gets it as CSV with an assertion.
GAPBENCH_HOME="$work/home" "$repo/gapbench" bench --synthetic-home "$work/home" --synthetic-items "$samples" >/dev/null
python3 - "$work/home/datasets/synthetic-sum/items.jsonl" "$work/tests.csv" <<'PY'
import csv, json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["a", "b", "__expected"])
    for line in f:
        r = json.loads(line)
        w.writerow([r["a"], r["b"], "contains:\\boxed{%s}" % r["sum"]])
PY
cat > "$work/promptfooconfig.yaml" <<YAML
description: gapbench comparison
prompts:
  - "What is {{a}} + {{b}}? Put the result inside \\\\boxed{}."
providers:
  - id: openai:chat:bench-model
    config:
      apiBaseUrl: $base
      apiKey: sk-local
      temperature: 0
      max_tokens: 256
tests: file://tests.csv
YAML

export PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 PROMPTFOO_DISABLE_REMOTE_GENERATION=true \
  PROMPTFOO_DISABLE_SHARING=1 PROMPTFOO_CONFIG_DIR="$work/.promptfoo"
stats >/dev/null
t0=$(now)
(cd "$work" && "$promptfoo" eval -c promptfooconfig.yaml --no-cache --max-concurrency "$conc" --no-table --no-write \
  -o "$work/promptfoo.json" > "$work/promptfoo.log" 2>&1) || true   # non-zero when an assertion fails; checked below
t1=$(now)
pf_stats=$(stats)
pf_pass=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]["stats"]; print(r["successes"], "passed,", r["failures"], "failed,", r.get("errors", 0), "errors")' "$work/promptfoo.json" 2>/dev/null || echo "no results (see log)")

t2=$(now)
GAPBENCH_HOME="$work/home" "$repo/gapbench" run --suite synthetic-sum --model openai-compatible:bench-model \
  --base-url "$base" --concurrency "$conc" --rpm 0 --tpm 0 --cache "$work/cache.sqlite" --out "$work/run" \
  --progress none > "$work/gapbench.log" 2>&1 || true
t3=$(now)
gb_stats=$(stats)
gb_pass=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); c=s["counts"]; print("accuracy %.3f," % s["metrics"]["accuracy"]["value"], c["scored"], "scored,", c["errors"], "errors")' "$work/run/summary.json" 2>/dev/null || echo "no summary (see log)")

pf_steady=$(steady "$pf_stats"); gb_steady=$(steady "$gb_stats")
pf_wall=$(python3 -c "print('%.1f' % ($samples/($t1-$t0)))"); gb_wall=$(python3 -c "print('%.1f' % ($samples/($t3-$t2)))")
echo "promptfoo $("$promptfoo" --version 2>/dev/null | tail -1) vs gapbench, $samples samples, concurrency $conc, server latency ${latency} ms (C/L = $(python3 -c "print(round($conc*1000/$latency))")/s)"
printf '%-10s %14s %14s %10s  %s\n' tool "steady req/s" "wall sample/s" "wall s" outcome
printf '%-10s %14s %14s %10.1f  %s\n' promptfoo "$pf_steady" "$pf_wall" "$(python3 -c "print($t1-$t0)")" "$pf_pass"
printf '%-10s %14s %14s %10.1f  %s\n' gapbench "$gb_steady" "$gb_wall" "$(python3 -c "print($t3-$t2)")" "$gb_pass"
python3 -c "print('ratio gapbench/promptfoo: steady %.2fx, wall %.2fx' % ($gb_steady/max($pf_steady,1e-9), $gb_wall/max($pf_wall,1e-9)))"
