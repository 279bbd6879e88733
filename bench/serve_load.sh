#!/usr/bin/env bash
# Load test of the dashboard's dyad endpoint: wrk (Debian package `wrk`) with 100
# concurrent connections for 20 s against a release `entente serve`, on the same machine.
# Reports requests/s, p50/p99 latency and errors. Usage: bash bench/serve_load.sh [reps] [port]
# Answers are cached per request (deterministic), so this measures the served path after
# the first computation; the first computation of a dyad is timed separately below.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-200}"
port="${2:-18181}"
target/release/entente serve --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.2
done
url="http://127.0.0.1:$port/api/dyad?a=China&b=Russia&reps=$reps"
start=$(date +%s%N)
curl -sf "$url" >/dev/null
echo "first (uncached) request: $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "GET $url (100 connections, 2 threads, 20 s)"
wrk -t2 -c100 -d20s --latency "$url" | grep -E "Latency|50%|99%|Requests/sec|requests in|Non-2xx|Socket errors"
echo "GET /api/dyad with a different pair (and reps) on each request: uncached (bench/serve_pairs.lua)"
wrk -t2 -c100 -d20s --latency -s bench/serve_pairs.lua "http://127.0.0.1:$port" | grep -E "Latency|50%|99%|Requests/sec|requests in|Non-2xx|Socket errors"
