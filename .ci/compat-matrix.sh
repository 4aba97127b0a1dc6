#!/usr/bin/env bash
# Runs the integration suite against several Keycloak server versions (distribution zips from
# Maven Central) and prints one line per version. Usage: .ci/compat-matrix.sh [version ...]
# The JAR is the same for every run: it is built once against keycloak.api.version.
# A version passes when exactly the failures that .ci/compat-expected-failures.txt documents for it
# happen, each for its documented reason (.ci/compat-check.py); any other failure, and a documented
# one that no longer fails, fails the version. The script exits non-zero if any version fails.
set -uo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  versions=(26.7.3 26.7.0 26.5.6 26.4.7 26.3.5 26.2.5 26.1.4 26.0.8)
fi
mkdir -p target
results=target/compat-matrix.txt
: > "$results"
status=0
for v in "${versions[@]}"; do
  log="target/compat-$v.log"
  reports="target/compat-$v-reports"
  start=$(date +%s)
  rm -rf target/failsafe-reports "$reports"
  mvn -B verify -DskipUnitTests=true -Dkeycloak.server.version="$v" \
       -Dit.excludes.extra='**/RunCommandIT.java' > "$log" 2>&1
  mvn_status=$?
  cp -r target/failsafe-reports "$reports" 2>/dev/null || mkdir -p "$reports"
  check=$(python3 .ci/compat-check.py "$v" "$reports" .ci/compat-expected-failures.txt)
  if [ $? -eq 0 ]; then
    outcome="as documented"
  else
    outcome="FAIL"
    status=1
  fi
  summary=$(grep -E "^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures" "$log" | tail -1 | sed 's/^\[[A-Z]*\] //')
  echo "$v $outcome (mvn exit $mvn_status; $summary) $(( $(date +%s) - start ))s log=$log" | tee -a "$results"
  echo "$check" | tee -a "$results"
done
exit $status
