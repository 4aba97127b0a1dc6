#!/usr/bin/env bash
# Runs the integration suite against several Keycloak server versions (distribution zips from
# Maven Central) and prints one line per version. Usage: .ci/compat-matrix.sh [version ...]
# The JAR is the same for every run: it is built once against keycloak.api.version.
set -uo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  versions=(26.7.3 26.7.0 26.5.6 26.4.7 26.3.5 26.2.5 26.1.4 26.0.8)
fi
mkdir -p target
results=target/compat-matrix.txt
: > "$results"
for v in "${versions[@]}"; do
  log="target/compat-$v.log"
  start=$(date +%s)
  if mvn -B verify -DskipUnitTests=true -Dkeycloak.server.version="$v" \
       -Dit.excludes.extra='**/RunCommandIT.java' > "$log" 2>&1; then
    outcome="pass"
  else
    outcome="FAIL"
  fi
  summary=$(grep -E "^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures" "$log" | tail -1 | sed 's/^\[[A-Z]*\] //')
  echo "$v $outcome ($summary) $(( $(date +%s) - start ))s log=$log" | tee -a "$results"
done
