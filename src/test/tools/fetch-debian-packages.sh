#!/bin/sh
# Fetches binary packages of a Debian release (default: Debian 13, trixie) into DIR without touching the machine's
# own apt state: a private sources list, lists and cache, and no dpkg status, so it works on a Debian 12 machine.
# The packages are unpacked into DIR (dpkg-deb -x), or with --debs only downloaded into it. No dependency is
# resolved: name every package you need (e.g. systemd-standalone-tmpfiles libc6).
#
# Usage: fetch-debian-packages.sh [--suite SUITE] [--debs] DIR PACKAGE...
#   e.g. fetch-debian-packages.sh /opt/erofs-13 erofs-utils liblz4-1 liblzma5 libuuid1 zlib1g libc6
#
# The mirror is the one this machine's apt uses for Debian (the URIs of /etc/apt/sources.list, *.list and deb822
# *.sources under /etc/apt/sources.list.d), so the script works wherever apt does; DEBIAN_MIRROR=URI overrides it.
# Needs root for apt-get (its sandbox user) and network access to that mirror.
set -eu

suite=trixie
debs=false
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suite=$2; shift 2 ;;
    --debs) debs=true; shift ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 2 ]; then
  echo "usage: $0 [--suite SUITE] [--debs] DIR PACKAGE..." >&2
  exit 2
fi
dir=$1
shift

# The first enabled "deb" source of a Debian release suite (not -security, -updates or -backports): one-line
# entries, then deb822 stanzas, in the order apt reads them.
debian_mirror() {
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI SUITE COMPONENT...
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '
      $1 == "deb" && $3 ~ /^(bookworm|trixie|forky|sid|oldstable|stable|testing|unstable)$/ { print $2; exit }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # stanzas are separated by blank lines; keys are case-insensitive
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no" && suites ~ /(^| )(bookworm|trixie|forky|sid|oldstable|stable|testing|unstable)( |$)/ && uris != "") {
          split(uris, u, " "); print u[1]; found = 1; exit
        }
        types = ""; uris = ""; suites = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "enabled") enabled = tolower(val)
      }
      END { if (!found) flush() }' "$f"
  done
}

mirror=${DEBIAN_MIRROR:-$(debian_mirror | head -n 1)}
if [ -z "$mirror" ]; then
  echo "no Debian mirror in /etc/apt/sources.list or /etc/apt/sources.list.d; set DEBIAN_MIRROR=URI" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc" "$work/debs" "$dir"
cat > "$work/etc/fetch.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
: > "$work/etc/empty.list"
# package names have no blanks: keep them in one word list while "$@" carries apt's options
packages=$*
set -- -o Dir::Etc::sourcelist="$work/etc/empty.list" -o Dir::Etc::sourceparts="$work/etc" \
  -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o Dir::State::status=/dev/null \
  -o APT::Sandbox::User=root
apt-get "$@" -q update >/dev/null
# shellcheck disable=SC2086
(cd "$work/debs" && apt-get "$@" -q download $packages >/dev/null)
for deb in "$work"/debs/*.deb; do
  if $debs; then
    cp "$deb" "$dir/"
  else
    dpkg-deb -x "$deb" "$dir"
  fi
  basename "$deb"
done
