#!/usr/bin/env bash
# Builds llama.cpp's llama-server for gapbench's real-server tests, once, and caches it.
#
# Source and libraries come from npm (the only place they can be had here):
#   node-llama-cpp@VERSION              llama/gitRelease.bundle  (the llama.cpp source, a git bundle)
#   @node-llama-cpp/linux-x64@VERSION   bins/linux-x64/*.so      (prebuilt CPU libllama, libllama-common, libggml*)
# Only the server's own sources (tools/server), the multimodal library it links (tools/mtmd), the small
# vendored hash library and an empty web-UI stub are compiled; everything else links to the prebuilt libraries.
#
# Result: $CACHE/bin/llama-server with its libraries beside it (rpath $ORIGIN), where
#   CACHE=${GAPBENCH_LLAMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gapbench/llama-server/VERSION}
# A later run finds the binary, checks that it runs `--version`, prints its path and exits: only the first run pays.
# Prints the binary's path as its last line of stdout; everything else goes to stderr.
set -euo pipefail

VERSION="${NODE_LLAMA_CPP_VERSION:-3.21.1}"
CACHE="${GAPBENCH_LLAMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gapbench/llama-server/$VERSION}"
BIN="$CACHE/bin/llama-server"
JOBS="${GAPBENCH_LLAMA_JOBS:-$(nproc 2>/dev/null || echo 2)}"
OPT="${GAPBENCH_LLAMA_OPT:--O1}"

log() { echo "build-llama-server: $*" >&2; }

works() { [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; }

# A llama-server of the user's own (the tests take the same variable).
if [ -n "${GAPBENCH_LLAMA_SERVER:-}" ]; then
  "$GAPBENCH_LLAMA_SERVER" --version >/dev/null 2>&1 || { log "GAPBENCH_LLAMA_SERVER=$GAPBENCH_LLAMA_SERVER does not run --version"; exit 2; }
  log "using GAPBENCH_LLAMA_SERVER=$GAPBENCH_LLAMA_SERVER"
  echo "$GAPBENCH_LLAMA_SERVER"
  exit 0
fi

if works; then
  log "reusing $BIN"
  echo "$BIN"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) log "the prebuilt libraries are @node-llama-cpp/linux-x64's: this is $(uname -s)-$(uname -m); set GAPBENCH_LLAMA_SERVER to a llama-server of your own"; exit 2 ;;
esac
for tool in npm tar git g++ gcc; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing '$tool' (apt-get install -y g++ git nodejs npm)"; exit 2; }
done

mkdir -p "$(dirname "$CACHE")"
# One build at a time: a second caller waits for the first and then reuses its result.
exec 9>"$CACHE.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if works; then log "reusing $BIN (built while waiting)"; echo "$BIN"; exit 0; fi

WORK="$CACHE.work"
rm -rf "$WORK"
mkdir -p "$WORK/obj"
cd "$WORK"
start=$(date +%s)

log "fetching node-llama-cpp@$VERSION and @node-llama-cpp/linux-x64@$VERSION from npm"
npm pack --silent "node-llama-cpp@$VERSION" "@node-llama-cpp/linux-x64@$VERSION" >&2
mkdir -p pkg-src pkg-bin
tar xzf "node-llama-cpp-$VERSION.tgz" -C pkg-src
tar xzf "node-llama-cpp-linux-x64-$VERSION.tgz" -C pkg-bin
LIBS="$WORK/pkg-bin/package/bins/linux-x64"
[ -f "$LIBS/libllama-common.so" ] || { log "no prebuilt libllama-common.so in @node-llama-cpp/linux-x64@$VERSION"; exit 3; }

log "extracting llama.cpp source from gitRelease.bundle"
git clone -q pkg-src/package/llama/gitRelease.bundle src 2>/dev/null
S="$WORK/src"

# The embedded web UI: no assets (they would come from the network); llama-ui-embed writes a stub ui.cpp/ui.h.
mkdir -p gen
g++ -O1 -std=c++17 -o gen/llama-ui-embed "$S/tools/ui/embed.cpp"
gen/llama-ui-embed gen/ui.cpp gen/ui.h

# LLAMA_SUBPROCESS: the prebuilt libllama-common was built with it (Linux default), and it changes struct layouts.
CXXFLAGS=("$OPT" -g0 -std=c++17 -fPIC -pthread -w -DLLAMA_SUBPROCESS -DLLAMA_SHARED
  -I"$S/include" -I"$S/ggml/include" -I"$S/common" -I"$S/vendor" -I"$S/tools/mtmd" -I"$S/tools/server" -I"$WORK/gen")

sources=()
for f in "$S"/tools/server/*.cpp; do sources+=("$f"); done
for f in mtmd.cpp mtmd-audio.cpp mtmd-image.cpp mtmd-helper.cpp mtmd-helper-gen.cpp clip.cpp; do sources+=("$S/tools/mtmd/$f"); done
for f in "$S"/tools/mtmd/models/*.cpp; do sources+=("$f"); done
sources+=("$S/vendor/hash/hash.cpp" "$S/vendor/hash/sha1/sha1.c" "$WORK/gen/ui.cpp")

# Largest first, so the two long files do not end up last on one core.
printf '%s\n' "${sources[@]}" | xargs -d '\n' ls -S > sources.txt
log "compiling $(wc -l < sources.txt) files with $JOBS jobs ($OPT); about 1-2 minutes on 2 cores"
export WORK
compile() {
  src="$1"; shift
  obj="$WORK/obj/$(echo "${src#$WORK/}" | tr '/' '_').o"
  lang=(); case "$src" in *.c) lang=(-x c++) ;; esac
  # exit 255 stops xargs at the first file that does not compile
  nice -n 19 g++ "${lang[@]}" "$@" -c "$src" -o "$obj" || { echo "  FAILED to compile ${src#$WORK/}" >&2; exit 255; }
  echo "  compiled ${src#$WORK/}" >&2
}
export -f compile
xargs -d '\n' -P "$JOBS" -I{} bash -c 'compile "$@"' _ {} "${CXXFLAGS[@]}" < sources.txt
nice -n 19 gcc -O1 -w -c "$S/vendor/hash/xxhash/xxhash.c" -I"$S/vendor/hash" -o obj/xxhash.o
nice -n 19 gcc -O1 -w -c "$S/vendor/hash/sha256/sha256.c" -I"$S/vendor/hash" -o obj/sha256.o

log "linking"
mkdir -p "$WORK/out/bin"
cp "$LIBS"/*.so "$WORK/out/bin/"
( cd "$WORK/out/bin" && ln -sf libllama.v0.4.0.so libllama.so 2>/dev/null; ln -sf libggml.v0.4.0.so libggml.so 2>/dev/null ) || true
g++ -pthread -o "$WORK/out/bin/llama-server" obj/*.o \
  -L"$WORK/out/bin" -Wl,-rpath,'$ORIGIN' \
  -l:libllama-common.so -l:libllama.v0.4.0.so -l:libggml.v0.4.0.so -l:libggml-base.so -ldl

"$WORK/out/bin/llama-server" --version >&2 || { log "the built llama-server does not run --version"; exit 4; }

rm -rf "$CACHE"
mv "$WORK/out" "$CACHE"
echo "node-llama-cpp@$VERSION built $(date -u +%FT%TZ) in $(( $(date +%s) - start ))s" > "$CACHE/BUILD-INFO"
rm -rf "$WORK"
works || { log "cached binary at $BIN does not run"; exit 4; }
log "built $BIN in $(( $(date +%s) - start ))s"
echo "$BIN"
