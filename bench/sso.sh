#!/usr/bin/env bash
# IAM Identity Center benchmark: cold login, warm `auth env` with a cached permission-set chain, and
# 20 processes starting together with no session (wall time and the calls the fakes saw).
# Writes bench/results/sso.md. Needs the build (mvn package) and the test classes (fakes).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10}"
mvn -q -B -DskipTests package
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" atmos.bench.SsoBench "$(pwd)" "$runs"
