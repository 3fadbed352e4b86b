#!/usr/bin/env bash
# Startup benchmark: how long "atmos" takes for commands people run all day.
# Uses the launcher in bin/ (or $ATMOS), the bundled example's demo profile, a private HOME, and
# hyperfine when installed (apt-get install hyperfine), else a plain loop.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
atmos="${ATMOS:-$repo/bin/atmos}"
runs="${RUNS:-10}"
out="$repo/bench/results"
mkdir -p "$out"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export HOME="$home" ATMOS_PROFILE=demo ATMOS_KEYRING_TYPE=memory
unset DBUS_SESSION_BUS_ADDRESS
cd "$repo/examples/acme"
"$atmos" auth login >/dev/null 2>&1    # a fresh cached session for the cached-path runs
"$atmos" version >/dev/null 2>&1       # first run trains the start-up cache (in the background on JDK 25)
for _ in $(seq 120); do [ -d "$HOME/.cache/atmos-java/training" ] || break; sleep 0.5; done

cmds=("$atmos version" "$atmos auth validate" "$atmos auth env" "$atmos auth exec -- true" "$atmos auth whoami")
{
  echo "# Startup ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$atmos" version 2>&1 | tail -1))"
  echo
  echo "Launcher: $atmos; demo profile (mock/aws), cached session in the AWS files; $runs runs each."
  echo
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "$runs" --style none --export-markdown "$out/hyperfine.md" "${cmds[@]}" >/dev/null 2>&1
    cat "$out/hyperfine.md"
  else
    echo "| command | mean (s) | min (s) | max (s) |"
    echo "|---|---|---|---|"
    for c in "${cmds[@]}"; do
      times=()
      for _ in $(seq "$runs"); do
        s=$(date +%s.%N); $c >/dev/null 2>&1 || true; e=$(date +%s.%N)
        times+=("$(echo "$e - $s" | bc)")
      done
      printf '%s\n' "${times[@]}" | awk -v c="${c#$repo/}" '{s+=$1; if(min==""||$1<min)min=$1; if($1>max)max=$1} END {printf "| `%s` | %.3f | %.3f | %.3f |\n", c, s/NR, min, max}'
    done
  fi
} > "$out/startup.md"
cat "$out/startup.md"
