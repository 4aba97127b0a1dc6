#!/usr/bin/env bash
# Builds stand-ins for the official images on a machine that cannot pull them, from Debian's
# packages (debootstrap, as root) and Keycloak's distribution zip on Maven Central:
#
#   src/docker/local-images/build.sh keycloak VERSION [DIST_ZIP]   -> hflogin-local/keycloak:VERSION
#   src/docker/local-images/build.sh postgres                       -> hflogin-local/postgres:bookworm
#
# Prints the image name on the last line of stdout; progress goes to stderr. An image is built once
# and reused while its inputs are unchanged: each carries the SHA-256 of its inputs (these files, the
# Keycloak version and zip, the Debian suite, mirror and packages) as the label dev.hflogin.inputs.
# Without DIST_ZIP, Maven fetches org.keycloak:keycloak-quarkus-dist:VERSION:zip.
# Settings (environment): DEBIAN_SUITE (bookworm), DEBIAN_MIRROR (the one apt uses here),
# JRE_PACKAGE (openjdk-17-jre-headless), HFLOGIN_DOCKER_CACHE (~/.cache/hflogin-docker: debootstrap's .debs).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
suite="${DEBIAN_SUITE:-bookworm}"
jre_package="${JRE_PACKAGE:-openjdk-17-jre-headless}"
cache="${HFLOGIN_DOCKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hflogin-docker}"
label=dev.hflogin.inputs
# Everything temporary (root file system, unpacked zip, build context) lives here and goes at exit.
tmp="$(mktemp -d /var/tmp/hflogin-images.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

log() { echo "[local-images] $*" >&2; }
die() { log "$*"; exit 1; }

# The Debian mirror apt already uses for $suite (deb822 .sources or one-line sources.list), else Debian's own.
debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  local found=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    found="$(awk -v suite="$suite" 'BEGIN { RS = ""; FS = "\n" }
      { uris = ""; ok = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uris = u[2] }
          if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == suite) ok = 1 }
        }
        if (ok && uris != "") { print uris; exit } }' /etc/apt/sources.list.d/*.sources)"
  fi
  if [ -z "$found" ] && [ -f /etc/apt/sources.list ]; then
    found="$(sed -e 's/\[[^]]*\]//' /etc/apt/sources.list | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }')"
  fi
  echo "${found:-http://deb.debian.org/debian}"
}

sha() { sha256sum | cut -c1-64; }

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# The image a rebuild replaced under the same name: removed, unless a container still uses it.
drop_replaced() {
  local old="$1" name="$2"
  if [ -n "$old" ] && [ "$old" != "$(image_id "$name")" ]; then
    docker image rm "$old" >/dev/null 2>&1 || log "kept the replaced image $old (still in use)"
  fi
}

# The value of our label on an image, empty when the image does not exist.
label_of() { docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null || true; }

# A Debian root file system with the given packages, imported as an image (reused while its inputs hold).
rootfs_image() {
  local name="$1"; shift
  local packages="$*"
  local mirror; mirror="$(debian_mirror)"
  # Bump the recipe number when the way the root file system is made changes.
  local inputs; inputs="$(echo "rootfs recipe 1: $suite $mirror $packages" | sha)"
  if [ "$(label_of "$name")" = "$inputs" ]; then log "$name is up to date"; echo "$name"; return; fi
  [ "$(id -u)" = 0 ] || die "building $name needs root (debootstrap); or pull the official images instead"
  command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
  mkdir -p "$cache/debootstrap"
  local root="$tmp/rootfs-${name//[^a-z0-9]/_}"
  mkdir "$root"
  log "debootstrap $suite from $mirror with: $packages"
  debootstrap --variant=minbase --cache-dir="$cache/debootstrap" ${packages:+--include="${packages// /,}"} \
    "$suite" "$root" "$mirror" >&2
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  local old; old="$(image_id "$name")"
  tar -C "$root" -c . | docker import --change "LABEL $label=$inputs" - "$name" >/dev/null
  rm -rf "$root"
  drop_replaced "$old" "$name"
  log "imported $name"
  echo "$name"
}

# The hash of what goes into an image built on $base: the base's own inputs, these scripts, extra values.
inputs_of() {
  local base="$1" dockerfile="$2" extra="$3"
  { echo "$base $(label_of "$base") $extra"; cat "$here/build.sh" "$here/$dockerfile"; } | sha
}

# docker build of $dockerfile on $base from the folder $context, labelled with its inputs.
build_image() {
  local name="$1" dockerfile="$2" base="$3" context="$4" inputs="$5"
  log "building $name"
  local old; old="$(image_id "$name")"
  DOCKER_BUILDKIT=0 docker build -q -f "$here/$dockerfile" --build-arg "BASE=$base" --label "$label=$inputs" \
    -t "$name" "$context" >&2
  drop_replaced "$old" "$name"
  log "built $name"
}

keycloak() {
  local version="${1:?usage: build.sh keycloak VERSION [DIST_ZIP]}" zip="${2:-}"
  [[ "$version" =~ ^[0-9A-Za-z.-]+$ ]] || die "not a Keycloak version: $version"
  local work="$tmp/keycloak"
  mkdir "$work"
  if [ -z "$zip" ]; then
    log "fetching org.keycloak:keycloak-quarkus-dist:$version:zip with Maven"
    mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$work" >&2
    zip="$work/keycloak-quarkus-dist-$version.zip"
  fi
  [ -f "$zip" ] || die "no such file: $zip"
  local base; base="$(rootfs_image "hflogin-local/debian-jre:$suite" "$jre_package")"
  local name="hflogin-local/keycloak:$version"
  local inputs; inputs="$(inputs_of "$base" keycloak.Dockerfile "$version $(sha <"$zip")")"
  if [ "$(label_of "$name")" != "$inputs" ]; then
    mkdir "$work/context"
    # data/ is not in the zip; the official image has it, owned by Keycloak's user: a file mounted under
    # data/import/ would otherwise make Docker create data/ for root, and Keycloak could not write there.
    (cd "$work/context" && unzip -q "$zip" && mv "keycloak-$version" keycloak && mkdir -p keycloak/data \
      && chmod -R g+rwX keycloak)
    build_image "$name" keycloak.Dockerfile "$base" "$work/context" "$inputs"
  else
    log "$name is up to date"
  fi
  echo "$name"
}

postgres() {
  local base; base="$(rootfs_image "hflogin-local/debian-postgresql:$suite" postgresql)"
  local name="hflogin-local/postgres:$suite"
  local inputs; inputs="$(inputs_of "$base" postgres.Dockerfile "$(sha <"$here/postgres-entrypoint.sh")")"
  if [ "$(label_of "$name")" != "$inputs" ]; then
    local context="$tmp/postgres"
    mkdir "$context"
    cp "$here/postgres-entrypoint.sh" "$context/"
    build_image "$name" postgres.Dockerfile "$base" "$context" "$inputs"
  else
    log "$name is up to date"
  fi
  echo "$name"
}

command -v docker >/dev/null || die "no docker command"
case "${1:-}" in
  keycloak) shift; keycloak "$@" ;;
  postgres) shift; postgres "$@" ;;
  *) die "usage: build.sh keycloak VERSION [DIST_ZIP] | build.sh postgres" ;;
esac
