#!/usr/bin/env bash
# Benchmark of the scanner's image indexing (issue 5, "Performance").
#
# Builds a multi-layer OCI layout with umoci from large files of this machine (/usr/lib, /usr/share; gzip
# layers), indexes it with the engine in a JVM limited to -Xmx512m, and compares the throughput with
# `gunzip -c` of the same layer blobs. Targets: >= 0.8x gunzip's throughput, peak heap < 256 MB.
#
# Usage: bench/scanner-index.sh            (builds the layout once under bench/out/, then measures)
#   CONTENT_MB=500   uncompressed content to pack (default 500)
#   LAYERS=4         number of content layers (a last layer also deletes a file: a real whiteout)
#   PASSES=2         indexing passes in the one JVM (pass 1 is cold, later passes are JIT-warm)
#   REBUILD=1        rebuild the layout even if it exists
#   JAVA_HOME        a JDK 21+ (default: the Temurin 25 of this machine)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/scanner-index}
CONTENT_MB=${CONTENT_MB:-500}
LAYERS=${LAYERS:-4}
PASSES=${PASSES:-2}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
LAYOUT=$OUT/layout
IMAGE=$LAYOUT:bench

need() { command -v "$1" >/dev/null || { echo "missing: $1" >&2; exit 2; }; }
need umoci; need gunzip; need find; need tar

build_layout() {
  echo "== building a ${CONTENT_MB} MB, ${LAYERS}-layer OCI layout in $LAYOUT"
  rm -rf "$OUT/layout" "$OUT/bundle" "$OUT/files"
  mkdir -p "$OUT"
  # regular files in path order (a realistic mix of many small and a few large files) up to CONTENT_MB,
  # in LAYERS consecutive slices
  find /usr/lib /usr/share -xdev -type f -readable -printf '%s\t%p\n' 2>/dev/null \
    | sort -t$'\t' -k2 \
    | awk -F'\t' -v limit=$((CONTENT_MB * 1000 * 1000)) -v n="$LAYERS" -v out="$OUT/files" '
        { if (total + $1 > limit) exit; total += $1; count++; print $2 > (out "." int(total * n / (limit + 1))) }
        END { printf "selected %d files, %.1f MB\n", count, total / 1e6 }' \
    || true # awk stops reading early on purpose: find and sort then die of SIGPIPE
  umoci init --layout "$LAYOUT"
  umoci new --image "$IMAGE"
  umoci unpack --image "$IMAGE" "$OUT/bundle" >/dev/null
  local rootfs=$OUT/bundle/rootfs
  for i in $(seq 0 $((LAYERS - 1))); do
    if [ "$i" -eq 0 ]; then
      # the first layer also carries what the OS finders read: os-release and this machine's dpkg status
      mkdir -p "$rootfs/etc" "$rootfs/var/lib/dpkg"
      cp /usr/lib/os-release "$rootfs/etc/os-release"
      cp /var/lib/dpkg/status "$rootfs/var/lib/dpkg/status"
    fi
    [ -f "$OUT/files.$i" ] && tar -cf - -T "$OUT/files.$i" 2>/dev/null | tar -xf - -C "$rootfs"
    umoci repack --refresh-bundle --image "$IMAGE" "$OUT/bundle"
  done
  # one more layer that deletes a file of the first, so the image has a real whiteout
  rm -f "$rootfs$(head -1 "$OUT/files.0")"
  umoci repack --refresh-bundle --image "$IMAGE" "$OUT/bundle"
  rm -rf "$OUT/bundle"
}

if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$LAYOUT/index.json" ]; then
  build_layout
fi

echo "== compiling the engine and the benchmark main"
(cd "$ROOT" && ./mvnw -q -B -pl berth-scanner test-compile dependency:build-classpath \
  -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log" 2>&1) || { cat "$OUT/build.log"; exit 1; }
CP=$ROOT/berth-scanner/target/test-classes:$ROOT/berth-scanner/target/classes:$(cat "$OUT/classpath.txt")

# the layer blobs of the benchmark manifest, in order
MANIFEST=$(sed -n 's/.*"digest":"sha256:\([0-9a-f]*\)".*"org.opencontainers.image.ref.name":"bench".*/\1/p' \
  "$LAYOUT/index.json")
BLOBS=$(grep -o '"mediaType":"application/vnd.oci.image.layer[^"]*","digest":"sha256:[0-9a-f]*"' \
  "$LAYOUT/blobs/sha256/$MANIFEST" | sed 's/.*sha256://; s/"$//' | sed "s|^|$LAYOUT/blobs/sha256/|")
COMPRESSED=$(du -cb $BLOBS | tail -1 | cut -f1)
echo "== layout: $(echo "$BLOBS" | wc -l) layers, $((COMPRESSED / 1000000)) MB compressed"

# warm the page cache so that both readers see the same storage
cat $BLOBS >/dev/null


# both readers are timed twice, interleaved, and the faster run of each is kept: on a shared machine the wall
# clock moves with other load, so CPU time (user + sys) is reported as well
TIMEFORMAT='%R %U %S'
gunzip_run() {
  { time (for b in $BLOBS; do gunzip -c "$b" >/dev/null; done); } 2>&1
}
engine_run() {
  "$JAVA_HOME/bin/java" -Xmx512m -Xlog:gc:file="$OUT/gc$1.log" -cp "$CP" \
    dev.berth.scanner.index.IndexBenchMain "$LAYOUT" bench "$PASSES" >"$OUT/engine$1.txt"
}
echo "== gunzip -c of the same blobs, and the engine (-Xmx512m, $PASSES passes per JVM), twice each"
G1=$(gunzip_run); engine_run 1; G2=$(gunzip_run); engine_run 2
DECOMPRESSED=$(for b in $BLOBS; do gunzip -c "$b"; done | wc -c)
best() { printf '%s\n%s\n' "$1" "$2" | sort -n -k1,1 | head -1; }
G=$(best "$G1" "$G2")
G_WALL=$(echo "$G" | cut -d' ' -f1)
G_CPU=$(echo "$G" | awk '{ print $2 + $3 }')
mb() { echo "$1 / 1000000" | bc -l; }
printf 'gunzip: compressed=%.1fMB decompressed=%.1fMB wall=%.2fs cpu=%.2fs compressedMBps=%.1f decompressedMBps=%.1f\n' \
  "$(mb "$COMPRESSED")" "$(mb "$DECOMPRESSED")" "$G_WALL" "$G_CPU" \
  "$(echo "$(mb "$COMPRESSED") / $G_WALL" | bc -l)" "$(echo "$(mb "$DECOMPRESSED") / $G_WALL" | bc -l)"
cat "$OUT/engine1.txt" "$OUT/engine2.txt"

echo "== summary (best of two JVMs per pass)"
for pass in $(seq 1 "$PASSES"); do
  E=$(best "$(sed -n "s/^pass $pass: .*seconds=\([0-9.]*\) cpuSeconds=\([0-9.]*\).*/\1 \2/p" "$OUT/engine1.txt")" \
           "$(sed -n "s/^pass $pass: .*seconds=\([0-9.]*\) cpuSeconds=\([0-9.]*\).*/\1 \2/p" "$OUT/engine2.txt")")
  E_WALL=$(echo "$E" | cut -d' ' -f1)
  E_CPU=$(echo "$E" | cut -d' ' -f2)
  printf 'pass %d: engine wall %.2fs (%.1f MB/s decompressed) vs gunzip %.2fs -> %.2fx gunzip; cpu %.2fs vs %.2fs -> %.2fx (target >= 0.8)\n' \
    "$pass" "$E_WALL" "$(echo "$(mb "$DECOMPRESSED") / $E_WALL" | bc -l)" "$G_WALL" "$(echo "$G_WALL / $E_WALL" | bc -l)" \
    "$E_CPU" "$G_CPU" "$(echo "$G_CPU / $E_CPU" | bc -l)"
done
GC_MAX=$(cat "$OUT"/gc1.log "$OUT"/gc2.log | grep -o '[0-9]*M->[0-9]*M' | sed 's/.*->//; s/M//' | sort -n | tail -1)
grep -h '^heap:' "$OUT/engine1.txt" "$OUT/engine2.txt"
echo "gc log: max heap after GC = ${GC_MAX:-n/a} MB (target peak < 256 MB)"
