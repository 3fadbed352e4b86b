#!/usr/bin/env bash
# Stack processing benchmark: a generated repository of 1,000 stack manifests (10 tenants x 10 stages x
# 10 regions) over a catalog of 100 components, each stack importing its account's _defaults chain and
# 10 catalog components and overriding some vars (10,000 component instances). Times `describe stacks`,
# `list stacks` and one `describe component` through the launcher in bin/ (or $ATMOS).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
atmos="${ATMOS:-$repo/bin/atmos}"
runs="${RUNS:-5}"
out="$repo/bench/results"
mkdir -p "$out"
work="${BENCH_WORK:-$(mktemp -d)}"
[ -n "${BENCH_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME"

gen="$work/repo"
mkdir -p "$gen/stacks/catalog" "$gen/components/terraform"
cat > "$gen/atmos.yaml" <<'YAML'
base_path: "."
components:
  terraform:
    base_path: components/terraform
stacks:
  base_path: stacks
  included_paths: ["orgs/**/*"]
  excluded_paths: ["**/_defaults.yaml"]
  name_template: "{{ .vars.tenant }}-{{ .vars.environment }}-{{ .vars.stage }}"
YAML
for c in $(seq -w 0 99); do
  mkdir -p "$gen/components/terraform/c$c"
  echo 'variable "name" { type = string }' > "$gen/components/terraform/c$c/main.tf"
  cat > "$gen/stacks/catalog/c$c.yaml" <<YAML
components:
  terraform:
    c$c:
      metadata:
        component: c$c
      settings:
        spacelift:
          workspace_enabled: true
      vars:
        name: c$c
        enabled: true
        tags:
          Component: c$c
          ManagedBy: atmos
        subnets: [a, b, c]
YAML
done
mkdir -p "$gen/stacks/orgs/acme"
cat > "$gen/stacks/orgs/acme/_defaults.yaml" <<'YAML'
vars:
  namespace: acme
terraform:
  backend_type: s3
  backend:
    s3:
      bucket: acme-tfstate
      region: us-east-2
YAML
for t in $(seq -w 0 9); do
  for s in $(seq -w 0 9); do
    d="$gen/stacks/orgs/acme/t$t/s$s"
    mkdir -p "$d"
    cat > "$d/_defaults.yaml" <<YAML
import:
  - orgs/acme/_defaults
vars:
  tenant: t$t
  stage: s$s
auth:
  identities:
    t$t-s$s/terraform:
      default: true
YAML
    for r in $(seq -w 0 9); do
      {
        echo "import:"
        echo "  - orgs/acme/t$t/s$s/_defaults"
        for k in $(seq 0 9); do printf '  - catalog/c%02d\n' $(( (10#$t * 10 + 10#$r + k * 7) % 100 )); done
        echo "vars:"
        echo "  environment: r$r"
        echo "components:"
        echo "  terraform:"
        printf '    c%02d:\n      vars:\n        cidr: 10.%d.%d.0/24\n' $(( (10#$t * 10 + 10#$r) % 100 )) "$((10#$s))" "$((10#$r))"
      } > "$d/r$r.yaml"
    done
  done
done
files=$(find "$gen/stacks/orgs" -name 'r*.yaml' | wc -l)

cd "$gen"
"$atmos" version >/dev/null 2>&1 || true   # trains the start-up cache, in the background
for _ in $(seq 120); do [ -d "$HOME/.cache/atmos-java/training" ] || break; sleep 0.5; done
time_runs() {
  local label="$1"; shift
  local f="$work/times"
  : > "$f"
  for _ in $(seq "$runs"); do
    { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>> "$f"
  done
  awk -v c="$label" '{w+=$1; cpu+=$2+$3; if(min==""||$1<min)min=$1; if($1>max)max=$1} END {printf "| `%s` | %.3f | %.3f | %.3f | %.3f |\n", c, w/NR, min, max, cpu/NR}' "$f"
}
stacks=$("$atmos" list stacks | wc -l)
bytes=$("$atmos" describe stacks --format json | wc -c)
{
  echo "# Stacks ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$atmos" version 2>&1 | tail -1))"
  echo
  echo "$files stack manifests, 100 catalog components, $stacks stacks, 10,000 component instances;"
  echo "\`describe stacks --format json\` writes $bytes bytes. $runs runs each."
  echo
  echo "Load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the 2 cores; cpu = user + sys)."
  echo
  echo "| command | mean (s) | min (s) | max (s) | cpu (s) |"
  echo "|---|---|---|---|---|"
  time_runs "atmos describe stacks --format json" "$atmos" describe stacks --format json
  time_runs "atmos describe stacks" "$atmos" describe stacks
  time_runs "atmos list stacks" "$atmos" list stacks
  time_runs "atmos describe component c00 -s t0-r0-s0" "$atmos" describe component c00 -s t0-r0-s0
} > "$out/stacks.md"
cat "$out/stacks.md"
