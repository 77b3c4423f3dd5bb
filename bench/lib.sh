# Shared by the bench scripts: starting registries, the measured cases, recording results.
# Sourced, not run. Expects: WORK_DIR, RESULTS, JAVA, DISTRIBUTION, ACCESS_LOG, REPEATS, WRK_* settings,
# MANIFEST_MT/CONFIG_MT/LAYER_MT, BLOB_MIB, IMAGE_MIB, WARMUP, RUN_ID, BENCH_DIR and REGISTRIES (two names, in
# the order of the first repetition).

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

declare -gA PORT=() PID=()
declare -ga PIDS=()

stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_ready() { # name url pid
  local i
  for i in $(seq 1 300); do
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || die "$1 exited during start; see $WORK_DIR/$1.log"
    sleep 0.2
  done
  die "$1 did not answer $2 within 60 s; see $WORK_DIR/$1.log"
}

# start_berth NAME JAR [extra JVM options...]
start_berth() {
  local name="$1" jar="$2" port
  shift 2
  port="$(free_port)"
  rm -rf "$WORK_DIR/$name-data"
  # AUTHENTICATION_TYPE: None keeps Berth open like docker-registry without an auth section (a build of Berth
  # without authentication warns that the key is unknown and ignores it).
  cat >"$WORK_DIR/$name.yaml" <<EOF
HTTP_HOST: 127.0.0.1
SERVER_HOSTNAME: 127.0.0.1:$port
ACCESS_LOG: $([[ "$ACCESS_LOG" == on ]] && echo true || echo false)
AUTHENTICATION_TYPE: None
EOF
  "$JAVA" -Xmx1g "$@" -jar "$jar" serve --config "$WORK_DIR/$name.yaml" \
    --port "$port" --data-dir "$WORK_DIR/$name-data" >"$WORK_DIR/$name.log" 2>&1 &
  PID[$name]=$!
  PORT[$name]=$port
  PIDS+=("$!")
  wait_ready "$name" "http://127.0.0.1:$port/v2/" "${PID[$name]}"
}

# start_distribution NAME: Debian's /etc/docker/registry/config.yml without its htpasswd auth, with storage and
# address moved. Access log off also lowers the level to warn, because Distribution logs a second "response
# completed" line per request at info; with both off neither registry writes a line per request.
start_distribution() {
  local name="$1" port level=info disabled=false
  port="$(free_port)"
  rm -rf "$WORK_DIR/$name-data"
  mkdir -p "$WORK_DIR/$name-data"
  if [[ "$ACCESS_LOG" == off ]]; then level=warn; disabled=true; fi
  cat >"$WORK_DIR/$name.yaml" <<EOF
version: 0.1
log:
  level: $level
  accesslog:
    disabled: $disabled
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $WORK_DIR/$name-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
  "$DISTRIBUTION" serve "$WORK_DIR/$name.yaml" >"$WORK_DIR/$name.log" 2>&1 &
  PID[$name]=$!
  PORT[$name]=$port
  PIDS+=("$!")
  wait_ready "$name" "http://127.0.0.1:$port/v2/" "${PID[$name]}"
}

base_url() { echo "http://127.0.0.1:${PORT[$1]}"; }

# CPU seconds (user + system) that a process has used so far.
cpu_of() {
  local stat
  stat="$(cat "/proc/$1/stat")"
  stat="${stat##*) }" # after the command name, field 3 (state) comes first; utime, stime are fields 14, 15
  awk -v tck="$(getconf CLK_TCK)" '{ printf "%.2f", ($12 + $13) / tck }' <<<"$stat"
}
cpu_now() { cpu_of "${PID[$1]}"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Alternate which registry goes first: odd repetitions in REGISTRIES order, even ones reversed.
order() { if (( $1 % 2 == 1 )); then echo "${REGISTRIES[0]} ${REGISTRIES[1]}"; else echo "${REGISTRIES[1]} ${REGISTRIES[0]}"; fi; }

record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; } # case metric registry rep value cpu

now() { date +%s.%N; }
digest_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }

# POST a session, then PUT the whole file with ?digest=; prints "status seconds" of the PUT.
push_blob() { # registry repo file digest
  local base loc sep
  base="$(base_url "$1")"
  loc="$(curl -sS -o /dev/null -D - -X POST "$base/v2/$2/blobs/uploads/" \
    | tr -d '\r' | awk 'tolower($1)=="location:" { print $2 }')"
  [[ -n "$loc" ]] || die "$1: POST /v2/$2/blobs/uploads/ gave no Location"
  [[ "$loc" == http* ]] || loc="$base$loc"
  sep='?'; [[ "$loc" == *\?* ]] && sep='&'
  curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT -T "$3" \
    -H 'Content-Type: application/octet-stream' "$loc${sep}digest=$4"
}

# ---------------------------------------------------------------- upload and download

blob_file() {
  BLOB_FILE="$WORK_DIR/blob-${BLOB_MIB}MiB.bin"
  if [[ ! -f "$BLOB_FILE" || "$(stat -c %s "$BLOB_FILE")" != $((BLOB_MIB * 1048576)) ]]; then
    log "generating $BLOB_MIB MiB from /dev/urandom"
    head -c $((BLOB_MIB * 1048576)) /dev/urandom >"$BLOB_FILE.tmp"
    mv "$BLOB_FILE.tmp" "$BLOB_FILE"
    sync
  fi
}

# Each repetition stamps its own 32 bytes over the start of the file, so every upload stores a new blob in both
# registries (neither takes its shortcut for content it already holds) while the bytes stay the same for both.
declare -gA BLOB_DIGESTS=()
stamp_blob() { # rep
  printf '%-32s' "berth-bench $RUN_ID rep $1" | dd of="$BLOB_FILE" bs=32 count=1 conv=notrunc status=none
  BLOB_DIGESTS[$1]="$(digest_of "$BLOB_FILE")"
}

case_upload() {
  blob_file
  local size rep reg out status secs cpu0 cpu rate
  size="$(stat -c %s "$BLOB_FILE")"
  for rep in $(seq 1 "$REPEATS"); do
    stamp_blob "$rep"
    for reg in $(order "$rep"); do
      sync # no dirty pages of the previous run left to write back during this one
      cpu0="$(cpu_now "$reg")"
      out="$(push_blob "$reg" "bench/upload-$RUN_ID-$rep" "$BLOB_FILE" "${BLOB_DIGESTS[$rep]}")"
      cpu="$(minus "$cpu0" "$(cpu_now "$reg")")"
      read -r status secs <<<"$out"
      [[ "$status" == 201 ]] || die "$reg: upload PUT answered $status"
      rate="$(mbps "$size" "$secs")"
      record upload MB/s "$reg" "$rep" "$rate" "$cpu"
      log "upload   rep $rep $reg: $rate MB/s (${secs}s, server cpu ${cpu}s)"
    done
  done
}

case_download() { # needs case_upload first
  local size rep reg out status got secs cpu0 cpu rate
  size="$(stat -c %s "$BLOB_FILE")"
  for rep in $(seq 1 "$REPEATS"); do
    for reg in $(order "$rep"); do
      sync
      cpu0="$(cpu_now "$reg")"
      out="$(curl -sS -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' \
        "$(base_url "$reg")/v2/bench/upload-$RUN_ID-$rep/blobs/${BLOB_DIGESTS[$rep]}")"
      cpu="$(minus "$cpu0" "$(cpu_now "$reg")")"
      read -r status got secs <<<"$out"
      [[ "$status" == 200 && "$got" == "$size" ]] || die "$reg: download answered $status with $got bytes"
      rate="$(mbps "$size" "$secs")"
      record download MB/s "$reg" "$rep" "$rate" "$cpu"
      log "download rep $rep $reg: $rate MB/s (${secs}s, server cpu ${cpu}s)"
    done
  done
}

# ---------------------------------------------------------------- manifest GET and blob HEAD

# A small image pushed with curl into bench/small:latest: a config and five 16 KiB layers.
push_small_image() { # registry
  local reg="$1" dir="$WORK_DIR/small" i out layers="" diffids="" d s f
  mkdir -p "$dir"
  for i in 1 2 3 4 5; do
    [[ -f "$dir/layer$i" ]] || head -c 16384 /dev/urandom >"$dir/layer$i"
    d="$(digest_of "$dir/layer$i")"
    s="$(stat -c %s "$dir/layer$i")"
    layers+="${layers:+,}{\"mediaType\":\"$LAYER_MT\",\"digest\":\"$d\",\"size\":$s}"
    diffids+="${diffids:+,}\"$d\""
  done
  printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
    "$diffids" >"$dir/config"
  SMALL_LAYER_DIGEST="$(digest_of "$dir/layer1")"
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%s},"layers":[%s]}' \
    "$MANIFEST_MT" "$CONFIG_MT" "$(digest_of "$dir/config")" "$(stat -c %s "$dir/config")" "$layers" \
    >"$dir/manifest"
  for f in config layer1 layer2 layer3 layer4 layer5; do
    out="$(push_blob "$reg" bench/small "$dir/$f" "$(digest_of "$dir/$f")")"
    [[ "$out" == 201* ]] || die "$reg: pushing $f answered $out"
  done
  out="$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H "Content-Type: $MANIFEST_MT" \
    --data-binary "@$dir/manifest" "$(base_url "$reg")/v2/bench/small/manifests/latest")"
  [[ "$out" == 201 ]] || die "$reg: manifest PUT answered $out"
  out="$(curl -sS -o /dev/null -w '%{http_code} %{content_type}' -H "Accept: $MANIFEST_MT" \
    "$(base_url "$reg")/v2/bench/small/manifests/latest")"
  [[ "$out" == "200 $MANIFEST_MT"* ]] || die "$reg: manifest GET answered '$out', expected 200 $MANIFEST_MT"
}

# wrk prints latencies as 456.00us, 1.23ms or 1.02s
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.3f", v }' <<<"$1"; }

case_manifest() {
  local reg rep url out rps p50 p99 cpu0 cpu
  for reg in "${REGISTRIES[@]}"; do
    log "manifest warm-up $reg (${WARMUP}s)"
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WARMUP}s" -H "Accept: $MANIFEST_MT" \
      "$(base_url "$reg")/v2/bench/small/manifests/latest" >/dev/null
  done
  for rep in $(seq 1 "$REPEATS"); do
    for reg in $(order "$rep"); do
      url="$(base_url "$reg")/v2/bench/small/manifests/latest"
      out="$WORK_DIR/wrk-manifest-$reg-$rep.txt"
      cpu0="$(cpu_now "$reg")"
      wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_DURATION}s" --latency -H "Accept: $MANIFEST_MT" "$url" >"$out"
      cpu="$(minus "$cpu0" "$(cpu_now "$reg")")"
      if grep -q 'Non-2xx' "$out"; then die "wrk saw error responses; see $out"; fi
      rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
      p50="$(to_ms "$(awk '$1=="50%" { print $2 }' "$out")")"
      p99="$(to_ms "$(awk '$1=="99%" { print $2 }' "$out")")"
      record manifest_get req/s "$reg" "$rep" "$rps" "$cpu"
      record manifest_get p50_ms "$reg" "$rep" "$p50" "$cpu"
      record manifest_get p99_ms "$reg" "$rep" "$p99" "$cpu"
      log "manifest rep $rep $reg: $rps req/s, p50 $p50 ms, p99 $p99 ms (server cpu ${cpu}s)"
    done
  done
}

# Debian's wrk 4.1.0 cannot measure HEAD (it waits for the body a HEAD response announces), so HEAD is driven by
# HttpLoad.java, which works like wrk: same threads, connections and duration.
case_head() {
  local reg rep url out rps p50 p99 cpu0 cpu
  local load=("$JAVA" -Xmx256m "$BENCH_DIR/HttpLoad.java" --method HEAD --threads "$WRK_THREADS"
    --connections "$WRK_CONNECTIONS")
  for rep in $(seq 1 "$REPEATS"); do
    for reg in $(order "$rep"); do
      url="$(base_url "$reg")/v2/bench/small/blobs/$SMALL_LAYER_DIGEST"
      out="$WORK_DIR/head-$reg-$rep.txt"
      # The warm-up runs in the client JVM just before the measured run, so every repetition has one. Server
      # CPU is read around the measured part only (HttpLoad prints "measuring" when the warm-up ends).
      "${load[@]}" --warmup "$WARMUP" --duration "$WRK_DURATION" "$url" >"$out" &
      local client=$!
      while ! grep -q '^measuring' "$out" 2>/dev/null; do
        kill -0 "$client" 2>/dev/null || break
        sleep 0.05
      done
      cpu0="$(cpu_now "$reg")"
      wait "$client" || die "HttpLoad failed; see $out"
      cpu="$(minus "$cpu0" "$(cpu_now "$reg")")"
      grep -q '^non2xx=0$' "$out" || die "HEAD saw error responses; see $out"
      rps="$(sed -n 's/^requests_per_sec=//p' "$out")"
      p50="$(sed -n 's/^p50_ms=//p' "$out")"
      p99="$(sed -n 's/^p99_ms=//p' "$out")"
      record blob_head req/s "$reg" "$rep" "$rps" "$cpu"
      record blob_head p50_ms "$reg" "$rep" "$p50" "$cpu"
      record blob_head p99_ms "$reg" "$rep" "$p99" "$cpu"
      log "head     rep $rep $reg: $rps req/s, p50 $p50 ms, p99 $p99 ms (server cpu ${cpu}s)"
    done
  done
}

# ---------------------------------------------------------------- skopeo

# Five layers of random data, of different sizes summing to IMAGE_MIB, built once with umoci.
build_image() {
  IMAGE_DIR="$WORK_DIR/image-${IMAGE_MIB}MiB"
  if [[ -f "$IMAGE_DIR/.complete" ]]; then return 0; fi
  log "building a five-layer $IMAGE_MIB MiB image with umoci"
  rm -rf "$IMAGE_DIR" "$WORK_DIR/layer-src"
  umoci init --layout "$IMAGE_DIR"
  umoci new --image "$IMAGE_DIR:bench"
  local weights=(16 10 7 5 2) i mib
  for i in 0 1 2 3 4; do
    mib=$((IMAGE_MIB * weights[i] / 40))
    mkdir -p "$WORK_DIR/layer-src/$i"
    head -c $((mib * 1048576)) /dev/urandom >"$WORK_DIR/layer-src/$i/random-$i.bin"
    umoci insert --image "$IMAGE_DIR:bench" "$WORK_DIR/layer-src/$i" "/data$i"
  done
  rm -rf "$WORK_DIR/layer-src"
  touch "$IMAGE_DIR/.complete"
  sync
}

# skopeo remembers where it has seen each blob (its blob-info cache) and would mount instead of uploading on
# later runs; each run gets an empty private cache in a mount namespace of its own.
SKOPEO_CACHE=/var/lib/containers/cache
skopeo_isolated() {
  mkdir -p "$SKOPEO_CACHE"
  unshare --mount --propagation private \
    sh -c 'mount -t tmpfs tmpfs "$0" && exec skopeo "$@"' "$SKOPEO_CACHE" "$@"
}

case_skopeo() {
  build_image
  local rep reg host t0 t1 push pull cpu0 cpu1 cpu2 repo
  for reg in "${REGISTRIES[@]}"; do # one unmeasured push and pull each, so that no run pays Berth's JIT warm-up
    log "skopeo warm-up $reg"
    host="127.0.0.1:${PORT[$reg]}"
    skopeo_isolated copy --quiet --dest-tls-verify=false "oci:$IMAGE_DIR:bench" "docker://$host/bench/skopeo-warmup:bench"
    skopeo_isolated copy --quiet --src-tls-verify=false "docker://$host/bench/skopeo-warmup:bench" "oci:$WORK_DIR/pull-warmup-$reg:bench"
    rm -rf "$WORK_DIR/pull-warmup-$reg"
  done
  for rep in $(seq 1 "$REPEATS"); do
    for reg in $(order "$rep"); do
      host="127.0.0.1:${PORT[$reg]}"
      repo="bench/skopeo-$RUN_ID-$rep"
      sync
      cpu0="$(cpu_now "$reg")"
      t0="$(now)"
      skopeo_isolated copy --quiet --dest-tls-verify=false "oci:$IMAGE_DIR:bench" "docker://$host/$repo:bench"
      t1="$(now)"
      cpu1="$(cpu_now "$reg")"
      push="$(minus "$t0" "$t1")"
      record skopeo_push s "$reg" "$rep" "$push" "$(minus "$cpu0" "$cpu1")"
      rm -rf "$WORK_DIR/pull-$reg-$rep"
      sync
      t0="$(now)"
      skopeo_isolated copy --quiet --src-tls-verify=false "docker://$host/$repo:bench" "oci:$WORK_DIR/pull-$reg-$rep:bench"
      t1="$(now)"
      cpu2="$(cpu_now "$reg")"
      pull="$(minus "$t0" "$t1")"
      record skopeo_pull s "$reg" "$rep" "$pull" "$(minus "$cpu1" "$cpu2")"
      log "skopeo   rep $rep $reg: push ${push}s (server cpu $(minus "$cpu0" "$cpu1")s), pull ${pull}s (server cpu $(minus "$cpu1" "$cpu2")s)"
      rm -rf "$WORK_DIR/pull-$reg-$rep"
    done
  done
}
