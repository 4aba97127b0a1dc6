#!/usr/bin/env bash
# Reproducible build check: the release build (mvn -Prelease package) of the current commit, made
# twice in two fresh clones in different directories, must give byte-identical files: the provider
# JAR, its sources JAR, the CycloneDX SBOM and their .sha256 files. Exits 1 on any difference.
#
#   .ci/reproducible.sh
#
# Builds the committed HEAD, not uncommitted changes. Not offline (-o): the CycloneDX plugin refuses
# to run offline ("makeBom requires online mode") and the SBOM is one of the files compared. Maven
# takes every plugin and dependency from the local repository once the first build fetched them, so
# both builds use the same artifacts. About a minute (80 s measured on a busy 2-core machine).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse HEAD)"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "note: uncommitted changes are not part of this check; building $commit" >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/reproducible.XXXXXX")"
trap 'rm -rf "$work"' EXIT

build() { # build <dir name>; prints "<sha256>  <file>" per release file
  local dir="$work/$1"
  git clone -q "$repo" "$dir"
  git -C "$dir" checkout -q --detach "$commit"
  (cd "$dir" && mvn -B -q -Prelease package -DskipTests >"$dir.log" 2>&1) || {
    echo "FAILED: release build in $dir:" >&2
    tail -40 "$dir.log" >&2
    exit 1
  }
  local version
  # The version, from the sources JAR's name (the release build's finalName is artifactId-version).
  version="$(ls "$dir/target" | sed -n 's/^keycloak-huggingface-\(.*\)-sources\.jar$/\1/p')"
  [ -n "$version" ] || { echo "FAILED: no sources JAR in $dir/target" >&2; exit 1; }
  (cd "$dir/target" && sha256sum \
    "keycloak-huggingface-$version.jar" \
    "keycloak-huggingface-$version-sources.jar" \
    "keycloak-huggingface-$version.cyclonedx.json" \
    "keycloak-huggingface-$version.jar.sha256" \
    "keycloak-huggingface-$version-sources.jar.sha256" \
    "keycloak-huggingface-$version.cyclonedx.json.sha256")
}

echo "reproducible build check of $commit"
first="$(build one)"
second="$(build two)"
echo "build 1 ($work/one):"; echo "$first" | sed 's/^/  /'
echo "build 2 ($work/two):"; echo "$second" | sed 's/^/  /'
if [ "$first" != "$second" ]; then
  echo "FAILED: the two builds differ:" >&2
  diff <(echo "$first") <(echo "$second") >&2 || true
  exit 1
fi
echo "OK: both builds are byte-identical"
