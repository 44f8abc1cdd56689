#!/bin/sh
# Unpacks Debian 13's systemd-tmpfiles 257 (and the glibc it needs) into DIR on a Debian 12 machine, without
# touching the machine's own apt state: a private sources list, lists and cache, and no dpkg status.
# Usage: fetch-systemd-tmpfiles-257.sh DIR   (needs root for apt-get and network access to the Debian mirror)
# Run it as: DIR/usr/lib64/ld-linux-x86-64.so.2 --library-path DIR/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu \
#            DIR/usr/bin/systemd-tmpfiles ...
set -eu
dir=$1
if [ -x "$dir/usr/bin/systemd-tmpfiles" ]; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc" "$dir"
cat > "$work/etc/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
: > "$work/etc/empty.list"
set -- -o Dir::Etc::sourcelist="$work/etc/empty.list" -o Dir::Etc::sourceparts="$work/etc" \
  -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o Dir::State::status=/dev/null \
  -o APT::Sandbox::User=root
apt-get "$@" -q update >/dev/null
(cd "$work" && apt-get "$@" -q download systemd-standalone-tmpfiles libc6 >/dev/null)
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$dir"
done
"$dir/usr/lib64/ld-linux-x86-64.so.2" --library-path "$dir/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu" \
  "$dir/usr/bin/systemd-tmpfiles" --version | head -1
