#!/usr/bin/env bash
# Builds atmos-java, installs it, and runs it on the bundled example configuration.
#
#   ./install.sh              installs into ~/.local (atmos in ~/.local/bin)
#   PREFIX=/usr/local ./install.sh
#   ./install.sh --files-only installs what target/ holds (no dependencies, build or demo: bench/run uses it)
#
# Needs a JDK >= 17 and Maven; when missing they are installed with apt-get (Debian/Ubuntu), dnf
# (Fedora/RHEL) or Homebrew (macOS). The release archive (target/atmos-java-*-release.tar.gz, made by
# `mvn package`) installs without Maven: unpack it anywhere and put its bin/ on PATH.
set -euo pipefail
cd "$(dirname "$0")"
repo="$(pwd)"
PREFIX="${PREFIX:-$HOME/.local}"
files_only=""
[ "${1:-}" = --files-only ] && files_only=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "install.sh: need root to run: $*" >&2; exit 1; fi; }

have_jdk17() {
  local javac_bin
  javac_bin="$(command -v javac || true)"
  [ -n "$javac_bin" ] || return 1
  local v; v="$("$javac_bin" -version 2>&1 | sed -n 's/^javac \([0-9][0-9]*\).*/\1/p')"
  [ "${v:-0}" -ge 17 ]
}

missing=()
if [ -z "$files_only" ]; then
  have_jdk17 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    echo "==> installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v dnf >/dev/null; then
    pkgs=(); for m in "${missing[@]}"; do case "$m" in openjdk-17-jdk-headless) pkgs+=(java-17-openjdk-devel) ;; *) pkgs+=("$m") ;; esac; done
    echo "==> installing ${pkgs[*]}"
    as_root dnf install -y -q "${pkgs[@]}"
  elif command -v brew >/dev/null; then
    pkgs=(); for m in "${missing[@]}"; do case "$m" in openjdk-17-jdk-headless) pkgs+=(openjdk@17) ;; *) pkgs+=("$m") ;; esac; done
    echo "==> installing ${pkgs[*]} with Homebrew"
    brew install "${pkgs[@]}"
    export JAVA_HOME="$(brew --prefix openjdk@17)/libexec/openjdk.jdk/Contents/Home"
  else
    echo "install.sh: please install a JDK >= 17 and Maven (missing: ${missing[*]})" >&2; exit 1
  fi
fi

if [ -z "$files_only" ]; then
  echo "==> building"
  mvn -B -q -DskipTests package
fi

echo "==> installing into $PREFIX"
dest="$PREFIX/lib/atmos-java"
rm -rf "$dest.new"
mkdir -p "$dest.new/bin" "$dest.new/lib" "$PREFIX/bin"
cp target/atmos.jar "$dest.new/atmos.jar"
cp target/lib/*.jar "$dest.new/lib/"
# The launcher knows where it is installed (no link to resolve on every run) and which bash runs it (no
# /usr/bin/env to start first).
shebang="#!/usr/bin/env bash"
case "$(command -v bash)" in /*) shebang="#!$(command -v bash)" ;; esac
sed -e "s|^atmos_installed_bin=\"\"\$|atmos_installed_bin=\"$dest/bin\"|" -e "1s|^#!/usr/bin/env bash\$|$shebang|" bin/atmos > "$dest.new/bin/atmos"
chmod 0755 "$dest.new/bin/atmos"
rm -rf "$dest.old"; [ -d "$dest" ] && mv "$dest" "$dest.old"
mv "$dest.new" "$dest"; rm -rf "$dest.old"
ln -sfn "$dest/bin/atmos" "$PREFIX/bin/atmos"
atmos_bin="$PREFIX/bin/atmos"

echo "==> training the start-up caches (the whole program, and the cached path of auth env/exec)"
"$atmos_bin" __train || echo "install.sh: start-up caches not trained now; the first commands train them in the background"

[ -z "$files_only" ] || exit 0

echo "==> atmos on the bundled example (examples/acme)"
cd "$repo/examples/acme"
"$atmos_bin" version
"$atmos_bin" auth validate
"$atmos_bin" --profile developers auth list --format tree
echo
echo "==> demo profile (mock provider, no cloud needed)"
ATMOS_KEYRING_TYPE=memory "$atmos_bin" --profile demo auth list --format table

case ":$PATH:" in
  *":$PREFIX/bin:"*) echo; echo "atmos is installed: $atmos_bin" ;;
  *) echo; echo "atmos is installed at $atmos_bin; add it to your PATH:"
     echo "  export PATH=\"$PREFIX/bin:\$PATH\"" ;;
esac
