#!/usr/bin/env bash
# The cluster test (issue 9): a Ballista scheduler and two executors as separate
# processes on 127.0.0.1; the event aggregation and SQL queries run through them and
# are compared with the same work in process (DataFusion) and, for the events, with
# the event store's own kernel; the tables are read from local paths and from an S3
# object store (moto's server on 127.0.0.1; pip install "moto[server]"). Cleans up
# (processes, files) on any exit; .ci/run bounds it with `timeout`.
#
#   ENTENTE_BIN=target/debug/entente bash tests/cluster/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

bin="${ENTENTE_BIN:-target/debug/entente}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
data="${ENTENTE_DATA:-$(cd .. && pwd)/shared/data}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP_LOGS:-}" ]; then cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export ENTENTE_CACHE="$work/cache"
export ENTENTE_DATA="$data"

# Six free ports on 127.0.0.1.
read -r sp f1 g1 f2 g2 s3p < <(python3 - <<'PY'
import socket
socks = []
for _ in range(6):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(*[s.getsockname()[1] for s in socks])
PY
)

# An S3 object store on 127.0.0.1 (moto's server), for tables at s3:// URLs: every
# process (client, scheduler, executors) finds it through the AWS_* variables.
export AWS_ENDPOINT="http://127.0.0.1:$s3p" AWS_ALLOW_HTTP=true AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
python3 -m moto.server -H 127.0.0.1 -p "$s3p" >"$work/s3.log" 2>&1 &
pids+=($!)

wait_port() { # port, seconds
  for _ in $(seq 1 $(($2 * 5))); do
    if (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "port $1 not open after $2 s" >&2
  tail -n 20 "$work"/*.log >&2 || true
  return 1
}

echo "-- data: the real GDELT 2.0 samples and 300,000 generated rows"
mkdir -p "$work/raw"
cp "$data"/gdelt/v2_15min/*.export.CSV.gz "$work/raw/"
"$bin" gen gdelt --rows 300000 --out "$work/raw/gen" --gzip >/dev/null
"$bin" ingest events "$work/raw" >/dev/null
"$bin" export "$work/p" --events-from "$work/raw" --format csv
"$bin" export "$work/p" --tables countries,rollcalls,votes --format csv >/dev/null

wait_port "$s3p" 60
python3 - "$work/p" <<'PY'
import os, sys, boto3
root = sys.argv[1]
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT"])
s3.create_bucket(Bucket="entente")
for d, _, files in os.walk(root):
    for f in files:
        path = os.path.join(d, f)
        s3.upload_file(path, "entente", "p/" + os.path.relpath(path, root))
PY

echo "-- cluster: scheduler :$sp, executors :$f1/:$g1 and :$f2/:$g2"
"$bin" cluster scheduler --port "$sp" >"$work/scheduler.log" 2>&1 &
pids+=($!)
wait_port "$sp" 60
"$bin" cluster executor --scheduler "127.0.0.1:$sp" --port "$f1" --grpc-port "$g1" --slots 2 --work-dir "$work/e1" >"$work/executor1.log" 2>&1 &
pids+=($!)
"$bin" cluster executor --scheduler "127.0.0.1:$sp" --port "$f2" --grpc-port "$g2" --slots 2 --work-dir "$work/e2" >"$work/executor2.log" 2>&1 &
pids+=($!)
wait_port "$f1" 60
wait_port "$f2" 60
url="df://127.0.0.1:$sp"

checks=0
same() { # name, file a, file b
  if ! cmp -s "$2" "$3"; then
    echo "DIFFERENT: $1" >&2
    diff "$2" "$3" | head -20 >&2
    exit 1
  fi
  checks=$((checks + 1))
  echo "same: $1 ($(($(wc -l <"$2") - 1)) rows)"
}

for opts in "--by month" "--by day --directed" "--by year --dedup --weight mentions --normalize"; do
  name="${opts// /_}"
  # shellcheck disable=SC2086
  "$bin" events --all $opts --format csv >"$work/kernel$name.csv"
  # shellcheck disable=SC2086
  "$bin" events --all $opts --tables "$work/p" --format csv >"$work/local$name.csv"
  # shellcheck disable=SC2086
  "$bin" events --all $opts --tables "$work/p" --cluster "$url" --format csv >"$work/cluster$name.csv"
  same "events $opts: cluster = in-process SQL" "$work/local$name.csv" "$work/cluster$name.csv"
  python3 tests/cluster/compare.py "$work/kernel$name.csv" "$work/local$name.csv"
  checks=$((checks + 1))
done

# The same work over the copy in the object store, in process and on the cluster.
"$bin" events --all --by month --tables s3://entente/p --format csv >"$work/s3_local.csv"
"$bin" events --all --by month --tables s3://entente/p --cluster "$url" --format csv >"$work/s3_cluster.csv"
same "events --by month from s3://: in process = local files" "$work/local--by_month.csv" "$work/s3_local.csv"
same "events --by month from s3://: cluster = local files" "$work/local--by_month.csv" "$work/s3_cluster.csv"

q1="SELECT year, count(*) AS votes, sum(CASE WHEN vote = 1 THEN 1 ELSE 0 END) AS yes FROM votes GROUP BY year ORDER BY year"
q2="SELECT c.iso3, e.year, count(*) AS events, sum(e.goldstein_x10) AS goldstein_x10, sum(e.mentions) AS mentions FROM events e JOIN countries c ON c.ccode = e.ccode_a GROUP BY c.iso3, e.year ORDER BY events DESC, c.iso3, e.year LIMIT 50"
for q in "$q1" "$q2"; do
  "$bin" sql --tables "$work/p" --format csv "$q" >"$work/q_local.csv"
  "$bin" sql --tables "$work/p" --cluster "$url" --format csv "$q" >"$work/q_cluster.csv"
  same "sql: ${q:0:60}…" "$work/q_local.csv" "$work/q_cluster.csv"
done

# Both executors did part of the work: each holds shuffle files of the jobs.
for e in 1 2; do
  jobs="$(find "$work/e$e" -mindepth 1 -maxdepth 1 -type d | wc -l)"
  files="$(find "$work/e$e" -type f | wc -l)"
  if [ "$files" -eq 0 ]; then
    echo "executor $e wrote no shuffle data: it ran no task" >&2
    tail -n 30 "$work/executor$e.log" >&2
    exit 1
  fi
  echo "executor $e: tasks of $jobs job(s), $files shuffle file(s)"
done
echo "cluster: $checks checks passed (scheduler + 2 executors on 127.0.0.1)"
