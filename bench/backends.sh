#!/usr/bin/env bash
# Berth on its production backends against Berth on the embedded defaults (issue 4), on loopback, one
# configuration at a time, with the same data:
#
#   embedded      SQLite + local filesystem (the defaults)
#   pg-s3         PostgreSQL + S3 (S3Proxy from the test classpath, started here; blob GETs redirect to it)
#   mariadb       MariaDB + local filesystem
#   pg-s3-redis   PostgreSQL + S3 + Redis (USER_EVENTS_REDIS)
#   embedded-redis  SQLite + local filesystem + Redis: the same backend as 'embedded', to isolate Redis
#
# Cases: 1 GiB blob upload (monolithic PUT, MB/s) and download (GET, following a redirect, MB/s); manifest GET by
# tag with wrk -t2 -c64 (req/s, p50, p99); blob HEAD with bench/HeadLoad.java (wrk cannot do HEAD) at the same
# concurrency. Prints medians with ranges, ratios against 'embedded', and manifest GET with Redis against without.
# Run with --help for the options.
set -euo pipefail
ORIGINAL_ARGS="$*"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
CONFIGS="embedded,pg-s3,mariadb,pg-s3-redis,embedded-redis"
BLOB_MIB=1024
REPEATS=3
ROUNDS=1
TRANSFER=1
THREADS=2
CONNECTIONS=64
DURATION=15
WARMUP=5
ACCESS_LOG=off
WORK_DIR=""
KEEP=0
BUILD=1
PG_URL="postgresql://postgres@127.0.0.1:5432"
MARIADB_URL="mysql+pymysql://root@127.0.0.1:3306"

usage() {
  cat <<EOF
Usage: bench/backends.sh [options]

  --configs LIST     comma-separated subset of embedded,pg-s3,mariadb,pg-s3-redis,embedded-redis  (default: all)
  --blob-mib N       size of the upload/download blob, MiB                                (default: $BLOB_MIB)
  --repeats N        uploads and downloads per configuration                              (default: $REPEATS)
  --rounds N         measure every configuration N times, in turn (medians over rounds)   (default: $ROUNDS)
  --no-transfer      skip the 1 GiB upload and download (manifest GET and blob HEAD only)
  --duration S       seconds per manifest GET / blob HEAD run                             (default: $DURATION)
  --warmup S         seconds of load before each of them                                  (default: $WARMUP)
  --connections N    concurrent connections                                               (default: $CONNECTIONS)
  --threads N        wrk threads                                                          (default: $THREADS)
  --access-log on|off  Berth's per-request log                                            (default: $ACCESS_LOG)
  --work-dir DIR     where data, logs and results go (kept)                         (default: new /tmp dir)
  --keep             keep the work directory
  --no-build         use the built jar and test classes as they are
  -h, --help         this text

Needs: JDK 21+ (JAVA=$JAVA), wrk, curl, psql, mysql, redis-cli, python3, PostgreSQL on 127.0.0.1:5432 (trust),
MariaDB on 127.0.0.1:3306 (root, no password), Redis on 127.0.0.1:6379 (.ci/run starts all three).
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --configs) CONFIGS="$2"; shift 2 ;;
    --blob-mib) BLOB_MIB="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --no-transfer) TRANSFER=0; shift ;;
    --duration) DURATION="${2%s}"; shift 2 ;;
    --warmup) WARMUP="${2%s}"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --access-log) ACCESS_LOG="$2"; shift 2 ;;
    --work-dir) WORK_DIR="$2"; KEEP=1; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "backends: $*" >&2; exit 1; }
log() { echo "backends: $*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"; }
need wrk "apt-get install wrk"
need curl "apt-get install curl"
need psql "apt-get install postgresql-client"
need mysql "apt-get install mariadb-client"
need redis-cli "apt-get install redis-tools"
need python3 "apt-get install python3"
[[ -x "$JAVA" ]] || die "no java at $JAVA (set JAVA=...)"
case "$ACCESS_LOG" in on) ACCESS_LOG_YAML=true ;; off) ACCESS_LOG_YAML=false ;; *) die "--access-log on|off" ;; esac
for c in ${CONFIGS//,/ }; do
  case "$c" in embedded|pg-s3|mariadb|pg-s3-redis|embedded-redis) ;; *) die "unknown configuration '$c'" ;; esac
done
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_open 5432 || die "PostgreSQL is not running on 127.0.0.1:5432 (bash .ci/run starts it)"
port_open 3306 || die "MariaDB is not running on 127.0.0.1:3306 (bash .ci/run starts it)"
port_open 6379 || die "Redis is not running on 127.0.0.1:6379 (bash .ci/run starts it)"

if [[ -z "$WORK_DIR" ]]; then WORK_DIR="$(mktemp -d /tmp/berth-backends.XXXXXX)"; fi
mkdir -p "$WORK_DIR"
WORK_DIR="$(cd "$WORK_DIR" && pwd)"
RESULTS="$WORK_DIR/results.tsv"
: >"$RESULTS"
RUN="b$(date +%s)"
PG_DB="berth_bench_${RUN}"
MARIA_DB="berth_bench_${RUN}"
REDIS_DB=""
REDIS_TOKEN="bench-$RUN-$$"
BERTH_PID=""
S3_PID=""

cleanup() {
  [[ -n "$BERTH_PID" ]] && { kill "$BERTH_PID" 2>/dev/null || true; wait "$BERTH_PID" 2>/dev/null || true; }
  [[ -n "$S3_PID" ]] && { kill "$S3_PID" 2>/dev/null || true; wait "$S3_PID" 2>/dev/null || true; }
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $MARIA_DB" >/dev/null 2>&1 || true
  if [[ -n "$REDIS_DB" && "$(redis-cli -n "$REDIS_DB" GET berth-test:claim)" == "$REDIS_TOKEN" ]]; then
    redis-cli -n "$REDIS_DB" FLUSHDB >/dev/null
  fi
  rm -rf "$WORK_DIR"/data-* "$WORK_DIR/s3"
  if [[ "$KEEP" == 0 ]]; then rm -rf "$WORK_DIR"; else log "work directory kept: $WORK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR="$REPO_DIR/berth-server/target/berth.jar"
if [[ "$BUILD" == 1 ]]; then
  log "building Berth and its test classes"
  (cd "$REPO_DIR" && JAVA_HOME="$(dirname "$(dirname "$(realpath "$JAVA")")")" \
    ./mvnw -q -B -o -pl berth-server -am package -DskipTests 2>&1 | grep -v '^WARNING' >&2 || true)
fi
[[ -f "$JAR" && -d "$REPO_DIR/berth-server/target/test-classes/dev/berth/server/testing" ]] \
  || die "no $JAR or test classes; build without --no-build"
# The test classpath, for the S3Proxy launcher (test-compile in the same run lets Maven resolve the sibling modules
# to their classes directories).
(cd "$REPO_DIR" && JAVA_HOME="$(dirname "$(dirname "$(realpath "$JAVA")")")" ./mvnw -q -B -o -pl berth-server -am \
  test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK_DIR/test-classpath.txt" >"$WORK_DIR/classpath.log" 2>&1) \
  || die "could not compute the test classpath; see $WORK_DIR/classpath.log"
TEST_CP="$REPO_DIR/berth-server/target/test-classes:$REPO_DIR/berth-server/target/classes:$(cat "$WORK_DIR/test-classpath.txt")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz() { getconf CLK_TCK; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RESULTS"; }

# --- shared services: S3Proxy, fresh databases, a Redis database claimed like the tests claim theirs ----------
needs() { [[ ",$CONFIGS," == *",$1,"* ]]; }
if needs pg-s3 || needs pg-s3-redis; then
  mkdir -p "$WORK_DIR/s3"
  "$JAVA" -Xmx1g -cp "$TEST_CP" dev.berth.server.testing.LocalS3 "$WORK_DIR/s3" 0 bench-pg-s3 bench-pg-s3-redis \
    >"$WORK_DIR/s3.log" 2>&1 &
  S3_PID=$!
  for _ in $(seq 1 300); do grep -q "s3 listening on port" "$WORK_DIR/s3.log" && break; sleep 0.2; done
  S3_PORT="$(sed -n 's/.*s3 listening on port \([0-9]*\).*/\1/p' "$WORK_DIR/s3.log")"
  [[ -n "$S3_PORT" ]] || die "S3Proxy did not start; see $WORK_DIR/s3.log"
  S3_KEYS="$(sed -n 's/.*access key \([^ ]*\) secret key \([^ ]*\).*/\1 \2/p' "$WORK_DIR/s3.log")"
  log "S3Proxy on $S3_PORT (pid $S3_PID)"
fi
if needs pg-s3 || needs pg-s3-redis; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $PG_DB" >/dev/null
fi
if needs mariadb; then
  mysql -h 127.0.0.1 -u root -e "CREATE DATABASE $MARIA_DB CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
fi
if needs embedded-redis || needs pg-s3-redis; then
  for n in $(seq 15 -1 1); do
    if [[ "$(redis-cli -n "$n" SET berth-test:claim "$REDIS_TOKEN" NX PX 7200000)" == OK ]]; then REDIS_DB=$n; break; fi
  done
  [[ -n "$REDIS_DB" ]] || die "every Redis database 1-15 is claimed"
  log "Redis database $REDIS_DB"
fi

BLOB="$WORK_DIR/blob.bin"
if [[ "$TRANSFER" == 1 ]] && { [[ ! -f "$BLOB" ]] || [[ "$(stat -c %s "$BLOB")" != "$((BLOB_MIB * 1048576))" ]]; }; then
  log "generating a $BLOB_MIB MiB blob"
  head -c "$((BLOB_MIB * 1048576))" /dev/urandom >"$BLOB"
fi

# --- one configuration ------------------------------------------------------------------------------------------
write_config() { # name port
  local name="$1" port="$2" f="$WORK_DIR/$1.yaml"
  cat >"$f" <<EOF
HTTP_HOST: 127.0.0.1
SERVER_HOSTNAME: 127.0.0.1:$port
ACCESS_LOG: $ACCESS_LOG_YAML
AUTHENTICATION_TYPE: None
EOF
  case "$name" in
    pg-s3|pg-s3-redis) echo "DB_URI: $PG_URL/$PG_DB" >>"$f" ;;
    mariadb) echo "DB_URI: $MARIADB_URL/$MARIA_DB" >>"$f" ;;
  esac
  case "$name" in
    pg-s3|pg-s3-redis)
      set -- $S3_KEYS
      cat >>"$f" <<EOF
DISTRIBUTED_STORAGE_PREFERENCE: [s3]
DISTRIBUTED_STORAGE_CONFIG:
  s3:
    - S3Storage
    - s3_bucket: bench-$name
      storage_path: /registry
      s3_access_key: $1
      s3_secret_key: $2
      s3_region: us-east-1
      endpoint_url: http://127.0.0.1:$S3_PORT
EOF
      ;;
  esac
  case "$name" in
    *-redis) printf 'USER_EVENTS_REDIS:\n  host: 127.0.0.1\n  port: 6379\n  db: %s\n' "$REDIS_DB" >>"$f" ;;
  esac
}

start_berth() { # name
  local name="$1" port
  port="$(free_port)"
  PORT="$port"
  write_config "$name" "$port"
  rm -rf "$WORK_DIR/data-$name"
  "$JAVA" -Xmx1g -jar "$JAR" serve --config "$WORK_DIR/$name.yaml" --port "$port" \
    --data-dir "$WORK_DIR/data-$name" >"$WORK_DIR/$name.log" 2>&1 &
  BERTH_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null && return 0
    kill -0 "$BERTH_PID" 2>/dev/null || die "berth ($name) exited during start; see $WORK_DIR/$name.log"
    sleep 0.2
  done
  die "berth ($name) did not start; see $WORK_DIR/$name.log"
}

stop_berth() {
  kill "$BERTH_PID" 2>/dev/null || true
  wait "$BERTH_PID" 2>/dev/null || true
  BERTH_PID=""
}

push_blob() { # base repo file -> digest (monolithic POST ?digest=)
  local digest
  digest="sha256:$(sha256sum "$3" | cut -d' ' -f1)"
  curl -fsS -o /dev/null -X POST -H "Content-Type: application/octet-stream" --data-binary "@$3" \
    "$1/v2/$2/blobs/uploads/?digest=$digest"
  echo "$digest"
}

MANIFEST_MT=application/vnd.oci.image.manifest.v1+json
push_small_image() { # base: bench/small:latest, a config and five 16 KiB layers
  local base="$1" layers="" i d size
  for i in 1 2 3 4 5; do
    head -c 16384 /dev/urandom >"$WORK_DIR/layer$i"
    d="$(push_blob "$base" bench/small "$WORK_DIR/layer$i")"
    layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"$d\",\"size\":16384}"
  done
  HEAD_DIGEST="$d"
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' >"$WORK_DIR/config.json"
  d="$(push_blob "$base" bench/small "$WORK_DIR/config.json")"
  size="$(stat -c %s "$WORK_DIR/config.json")"
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[%s]}' \
    "$MANIFEST_MT" "$d" "$size" "$layers" >"$WORK_DIR/manifest.json"
  curl -fsS -o /dev/null -X PUT -H "Content-Type: $MANIFEST_MT" --data-binary "@$WORK_DIR/manifest.json" \
    "$base/v2/bench/small/manifests/latest"
  [[ "$(curl -fsS -o /dev/null -w '%{content_type}' -H "Accept: $MANIFEST_MT" "$base/v2/bench/small/manifests/latest")" \
    == "$MANIFEST_MT" ]] || die "manifest did not come back as $MANIFEST_MT"
}

to_ms() { # wrk latency like 1.23ms, 456.00us, 1.2s -> ms
  python3 -c 'import re,sys; v=sys.argv[1]; m=re.match(r"([0-9.]+)(us|ms|s)$", v); f={"us":0.001,"ms":1,"s":1000}[m.group(2)]; print(round(float(m.group(1))*f, 3))' "$1"
}

measure() { # name
  local name="$1" base rep digest location t cpu0 cpu1 out
  start_berth "$name"
  base="http://127.0.0.1:$PORT"
  log "$name: berth on $PORT (pid $BERTH_PID)"
  push_small_image "$base"

  for rep in $(seq 1 "$((TRANSFER == 1 ? REPEATS : 0))"); do
    printf '%-32s' "$name-${round:-1}-$rep" | dd of="$BLOB" bs=1 count=32 conv=notrunc status=none # a blob new to Berth
    digest="sha256:$(sha256sum "$BLOB" | cut -d' ' -f1)"
    sync
    location="$(curl -fsS -o /dev/null -D - -X POST "$base/v2/bench/big/blobs/uploads/" \
      | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
    [[ "$location" == http* ]] || location="$base$location"
    if [[ "$location" == *"?"* ]]; then location+="&digest=$digest"; else location+="?digest=$digest"; fi
    cpu0="$(cpu_ticks "$BERTH_PID")"
    t="$(curl -fsS -o /dev/null -w '%{time_total}' -X PUT -H "Content-Type: application/octet-stream" \
      -T "$BLOB" "$location")"
    cpu1="$(cpu_ticks "$BERTH_PID")"
    record "$name" upload "$(python3 -c "print(round($BLOB_MIB*1048576/$t/1e6,1))")"
    log "$name: upload $rep: $(python3 -c "print(round($BLOB_MIB*1048576/$t/1e6,1))") MB/s (${t}s, berth cpu $(python3 -c "print(round(($cpu1-$cpu0)/$(hz),2))")s)"
    sync
    t="$(curl -fsSL -o /dev/null -w '%{time_total}' "$base/v2/bench/big/blobs/$digest")"
    record "$name" download "$(python3 -c "print(round($BLOB_MIB*1048576/$t/1e6,1))")"
    log "$name: download $rep: $(python3 -c "print(round($BLOB_MIB*1048576/$t/1e6,1))") MB/s (${t}s)"
  done

  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "Accept: $MANIFEST_MT" \
    "$base/v2/bench/small/manifests/latest" >/dev/null
  cpu0="$(cpu_ticks "$BERTH_PID")"
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Accept: $MANIFEST_MT" \
    "$base/v2/bench/small/manifests/latest")"
  cpu1="$(cpu_ticks "$BERTH_PID")"
  echo "$out" >"$WORK_DIR/wrk-$name.txt"
  if grep -q "Non-2xx" <<<"$out"; then die "$name: non-2xx answers to manifest GET: $out"; fi
  record "$name" manifest_get "$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  record "$name" manifest_get_p50 "$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")"
  record "$name" manifest_get_p99 "$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")"
  record "$name" manifest_get_cpu "$(python3 -c "print(round(($cpu1-$cpu0)/$(hz),2))")"
  log "$name: manifest GET $(awk '/Requests\/sec/ {print $2}' <<<"$out") req/s"

  cpu0="$(cpu_ticks "$BERTH_PID")"
  out="$("$JAVA" "$BENCH_DIR/HeadLoad.java" "$base/v2/bench/small/blobs/$HEAD_DIGEST" "$CONNECTIONS" "$DURATION" "$WARMUP")" \
    || die "$name: blob HEAD failed: $out"
  cpu1="$(cpu_ticks "$BERTH_PID")"
  echo "$out" >"$WORK_DIR/head-$name.txt"
  record "$name" blob_head "$(sed -n 's/.*req_per_s=\([0-9.]*\).*/\1/p' <<<"$out")"
  record "$name" blob_head_p50 "$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$out")"
  record "$name" blob_head_p99 "$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$out")"
  log "$name: blob HEAD $out"

  curl -fsS "$base/metrics" | grep -E '^berth_cache_(hits|misses)_total' >"$WORK_DIR/cache-$name.txt" || true
  stop_berth
}

for round in $(seq 1 "$ROUNDS"); do
  for c in ${CONFIGS//,/ }; do measure "$c"; done
done

{
  echo "# command: bench/backends.sh $ORIGINAL_ARGS"
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# berth $(git -C "$REPO_DIR" describe --always --dirty 2>/dev/null || echo '?') on $("$JAVA" -version 2>&1 | head -1)"
  echo "# $ROUNDS round(s); blob $BLOB_MIB MiB x $REPEATS$([[ "$TRANSFER" == 1 ]] || echo ' (skipped)'); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s; HeadLoad $CONNECTIONS connections; access log $ACCESS_LOG"
} | tee "$WORK_DIR/summary.txt"
python3 - "$RESULTS" "$CONFIGS" <<'EOF' | tee -a "$WORK_DIR/summary.txt"
import statistics, sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    config, case, value = line.rstrip("\n").split("\t")
    rows[(config, case)].append(float(value))
configs = sys.argv[2].split(",")
cases = [("upload", "MB/s", True), ("download", "MB/s", True), ("manifest_get", "req/s", True),
         ("manifest_get_p50", "ms", False), ("manifest_get_p99", "ms", False), ("blob_head", "req/s", True),
         ("blob_head_p50", "ms", False), ("blob_head_p99", "ms", False), ("manifest_get_cpu", "cpu s", False)]
def med(c, k):
    v = rows.get((c, k))
    return statistics.median(v) if v else None
def fmt(c, k):
    v = rows.get((c, k))
    if not v:
        return "-"
    m = statistics.median(v)
    return f"{m:.1f} [{min(v):.1f}-{max(v):.1f}]" if len(v) > 1 else f"{m:.2f}" if m < 10 else f"{m:.1f}"
print(f"{'case':18} {'unit':6} " + " ".join(f"{c:>24}" for c in configs))
for k, unit, _ in cases:
    print(f"{k:18} {unit:6} " + " ".join(f"{fmt(c, k):>24}" for c in configs))
if "embedded" in configs:
    print()
    print("ratio against embedded (for MB/s and req/s above 1 is faster; for ms below 1 is faster)")
    for k, unit, _ in cases:
        base = med("embedded", k)
        cells = []
        for c in configs:
            v = med(c, k)
            cells.append(f"{v / base:>24.2f}" if v is not None and base else f"{'-':>24}")
        print(f"{k:18} {unit:6} " + " ".join(cells))
print()
for with_redis, without in (("pg-s3-redis", "pg-s3"), ("embedded-redis", "embedded")):
    a, b = med(with_redis, "manifest_get"), med(without, "manifest_get")
    if a and b:
        print(f"manifest GET with Redis / without: {with_redis} {a:.0f} req/s vs {without} {b:.0f} req/s = {a / b:.2f}"
              f" (p99 {med(with_redis, 'manifest_get_p99')} ms vs {med(without, 'manifest_get_p99')} ms)")
for (c, k), v in sorted(rows.items()):
    print(f"{k}_{c.replace('-', '_')}={statistics.median(v)}")
EOF
for c in ${CONFIGS//,/ }; do
  [[ -s "$WORK_DIR/cache-$c.txt" ]] && echo "# cache counters after $c: $(tr '\n' ' ' <"$WORK_DIR/cache-$c.txt")" | tee -a "$WORK_DIR/summary.txt"
done
