#!/usr/bin/env bash
# Runs the whole test suite, installing first what the tests need (Debian packages):
# a JDK >= 17 and Maven, the AWS CLI v2 (a real consumer of the credentials we write),
# gnome-keyring + dbus + secret-tool (a real Secret Service), tmux (a real terminal), and
# Chromium + ChromeDriver (a real browser for the sign-in pages), python3 (the stand-in for macOS's security tool), and the
# Azure CLI (a real consumer and producer of the Azure sessions atmos reuses and seeds). Everything the tests talk to runs on 127.0.0.1 and is started by the tests.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "test.sh: need root to run: $*" >&2; exit 1; fi; }

packages=(openjdk-17-jdk-headless maven awscli gnome-keyring dbus dbus-daemon libsecret-tools tmux chromium chromium-driver python3-minimal azure-cli)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing test dependencies: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "==> mvn verify"
mvn -B -ntp verify "$@"

# The release archive installs by unpacking: it must run from wherever it lands.
echo "==> release archive smoke test"
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
tar xzf target/atmos-java-*-release.tar.gz -C "$smoke"
"$smoke"/atmos-java-*/bin/atmos version
"$smoke"/atmos-java-*/bin/atmos completion bash | grep -q "__complete"
test -s "$smoke"/atmos-java-*/completions/atmos.bash
echo "release archive OK"
