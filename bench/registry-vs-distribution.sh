#!/usr/bin/env bash
# Berth against CNCF Distribution 2.8 (Debian's docker-registry) on loopback, same data, same run.
# See bench/README.md for the method, the caveats and how to read the output.
set -euo pipefail
ORIGINAL_ARGS="$*"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
DISTRIBUTION="${DISTRIBUTION:-/usr/bin/docker-registry}"
BERTH_JAR="$REPO_DIR/berth-server/target/berth.jar"
CASES="upload,download,manifest,head,skopeo"
BLOB_MIB=1024
IMAGE_MIB=200
REPEATS=3
WRK_THREADS=2
WRK_CONNECTIONS=64
WRK_DURATION=15
WARMUP=5
ACCESS_LOG=on
MANIFEST_TYPE=oci
WORK_DIR=""
KEEP=0
BUILD=1
JFR=0
BASELINE_JAR=""
BERTH_JAVA_OPTS="${BERTH_JAVA_OPTS:-}"

usage() {
  cat <<EOF
Usage: bench/registry-vs-distribution.sh [options]

Starts Berth and Debian's docker-registry (Distribution 2.8) on loopback, measures both in one run with the
same data, alternating which goes first, and prints medians, ranges and Berth/Distribution ratios.

  --cases LIST           comma-separated subset of upload,download,manifest,head,skopeo   (default: all)
  --blob-mib N           size of the upload/download blob, MiB                            (default: $BLOB_MIB)
  --image-mib N          total size of the skopeo image's five random layers, MiB         (default: $IMAGE_MIB)
  --repeats N            measurements per registry and case                               (default: $REPEATS)
  --duration S           seconds per wrk/HttpLoad run                                     (default: $WRK_DURATION)
  --warmup S             seconds of load before measuring manifest GET / blob HEAD        (default: $WARMUP)
  --connections N        concurrent connections of wrk/HttpLoad                           (default: $WRK_CONNECTIONS)
  --threads N            client threads of wrk/HttpLoad                                   (default: $WRK_THREADS)
  --access-log on|off    per-request logging in both registries                           (default: $ACCESS_LOG)
  --manifest-type oci|docker   media type of the manifest pushed for the GET case         (default: $MANIFEST_TYPE)
  --work-dir DIR         data, logs and generated files; the blob and the image are reused by later runs that
                         name the same DIR, which is kept                                  (default: new /tmp dir)
  --keep                 keep the work directory
  --berth-jar JAR        the Berth to measure                         (default: berth-server/target/berth.jar)
  --no-build             do not build Berth first
  --baseline-jar JAR     measure against this other Berth build instead of Distribution (for before/after
                         figures of a change; the ratio is then berth / baseline and no targets are shown)
  --jfr                  record a JFR profile of Berth into WORK_DIR/berth.jfr (keeps WORK_DIR)
  -h, --help             this text

Environment: JAVA (default $JAVA), DISTRIBUTION (default $DISTRIBUTION), BERTH_JAVA_OPTS (extra JVM options).
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --cases) CASES="$2"; shift 2 ;;
    --blob-mib) BLOB_MIB="$2"; shift 2 ;;
    --image-mib) IMAGE_MIB="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --duration) WRK_DURATION="${2%s}"; shift 2 ;;
    --warmup) WARMUP="${2%s}"; shift 2 ;;
    --connections) WRK_CONNECTIONS="$2"; shift 2 ;;
    --threads) WRK_THREADS="$2"; shift 2 ;;
    --access-log) ACCESS_LOG="$2"; shift 2 ;;
    --manifest-type) MANIFEST_TYPE="$2"; shift 2 ;;
    --work-dir) WORK_DIR="$2"; KEEP=1; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --berth-jar) BERTH_JAR="$(realpath "$2")"; BUILD=0; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --baseline-jar) BASELINE_JAR="$(realpath "$2")"; shift 2 ;;
    --jfr) JFR=1; KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

case "$ACCESS_LOG" in on|off) ;; *) die "--access-log must be on or off" ;; esac
case "$MANIFEST_TYPE" in
  oci)
    MANIFEST_MT=application/vnd.oci.image.manifest.v1+json
    CONFIG_MT=application/vnd.oci.image.config.v1+json
    LAYER_MT=application/vnd.oci.image.layer.v1.tar+gzip ;;
  docker)
    MANIFEST_MT=application/vnd.docker.distribution.manifest.v2+json
    CONFIG_MT=application/vnd.docker.container.image.v1+json
    LAYER_MT=application/vnd.docker.image.rootfs.diff.tar.gzip ;;
  *) die "--manifest-type must be oci or docker" ;;
esac
for c in ${CASES//,/ }; do
  case "$c" in upload|download|manifest|head|skopeo) ;; *) die "unknown case '$c'" ;; esac
done
has_case() { [[ ",$CASES," == *",$1,"* ]]; }
if has_case download && ! has_case upload; then CASES="upload,$CASES"; log "download measures the uploaded blob: adding upload"; fi

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"; }
need curl "apt-get install curl"
need python3 "apt-get install python3"
[[ -x "$JAVA" ]] || die "no java at $JAVA (set JAVA=...)"
if [[ -z "$BASELINE_JAR" ]]; then
  [[ -x "$DISTRIBUTION" ]] || die "no docker-registry at $DISTRIBUTION: apt-get install docker-registry"
else
  [[ -f "$BASELINE_JAR" ]] || die "no baseline jar at $BASELINE_JAR"
fi
if has_case manifest; then need wrk "apt-get install wrk"; fi
if has_case skopeo; then need skopeo "apt-get install skopeo"; need umoci "apt-get install umoci"; need unshare "apt-get install util-linux"; fi

if [[ -z "$WORK_DIR" ]]; then WORK_DIR="$(mktemp -d /tmp/berth-bench.XXXXXX)"; fi
mkdir -p "$WORK_DIR"
WORK_DIR="$(cd "$WORK_DIR" && pwd)"
RESULTS="$WORK_DIR/results.tsv"
: >"$RESULTS"
RUN_ID="$(date +%s)"
if [[ -z "$BASELINE_JAR" ]]; then REGISTRIES=(berth distribution); else REGISTRIES=(berth baseline); fi

cleanup() {
  stop_servers
  rm -rf "$WORK_DIR"/*-data "$WORK_DIR"/pull-*
  if [[ "$KEEP" == 0 ]]; then rm -rf "$WORK_DIR"; else log "work directory kept: $WORK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "$BUILD" == 1 ]]; then
  log "building Berth"
  (cd "$REPO_DIR" && JAVA_HOME="$(dirname "$(dirname "$(realpath "$JAVA")")")" \
    ./mvnw -q -B -o -pl berth-server -am package -DskipTests) >"$WORK_DIR/build.log" 2>&1 \
    || { cat "$WORK_DIR/build.log" >&2; die "the build failed"; }
fi
[[ -f "$BERTH_JAR" ]] || die "no $BERTH_JAR; build it or drop --no-build"

berth_opts=()
if [[ "$JFR" == 1 ]]; then
  berth_opts+=("-XX:StartFlightRecording=filename=$WORK_DIR/berth.jfr,settings=profile,dumponexit=true")
fi
# shellcheck disable=SC2206
berth_opts+=($BERTH_JAVA_OPTS)
start_berth berth "$BERTH_JAR" "${berth_opts[@]}"
other="${REGISTRIES[1]}"
if [[ -z "$BASELINE_JAR" ]]; then start_distribution distribution; else start_berth baseline "$BASELINE_JAR" $BERTH_JAVA_OPTS; fi
log "berth on ${PORT[berth]} (pid ${PID[berth]}), $other on ${PORT[$other]} (pid ${PID[$other]}), work dir $WORK_DIR"

if has_case manifest || has_case head; then
  for reg in "${REGISTRIES[@]}"; do push_small_image "$reg"; done
fi
if has_case upload; then case_upload; fi
if has_case download; then case_download; fi
if has_case manifest; then case_manifest; fi
if has_case head; then case_head; fi
if has_case skopeo; then case_skopeo; fi

{
  echo "# command: bench/registry-vs-distribution.sh $ORIGINAL_ARGS"
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# berth $(git -C "$REPO_DIR" describe --always --dirty 2>/dev/null || echo '?') on $("$JAVA" -version 2>&1 | head -1)"
  if [[ -z "$BASELINE_JAR" ]]; then echo "# distribution $("$DISTRIBUTION" --version 2>/dev/null | awk '{print $NF}')"; else echo "# baseline $BASELINE_JAR"; fi
  echo "# access log $ACCESS_LOG; blob $BLOB_MIB MiB; image $IMAGE_MIB MiB; $REPEATS repeats; load ${WRK_THREADS} threads, ${WRK_CONNECTIONS} connections, ${WRK_DURATION} s"
} | tee "$WORK_DIR/summary.txt"
targets=(); [[ -n "$BASELINE_JAR" ]] || targets=(--targets)
python3 "$BENCH_DIR/summarize.py" "${targets[@]}" "$RESULTS" berth "$other" | tee -a "$WORK_DIR/summary.txt"
if [[ "$JFR" == 1 ]]; then log "JFR recording: $WORK_DIR/berth.jfr (written as Berth stops)"; fi
