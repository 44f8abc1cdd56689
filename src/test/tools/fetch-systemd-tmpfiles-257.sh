#!/bin/sh
# Unpacks Debian 13's systemd-tmpfiles 257 (and the glibc it needs) into DIR on a Debian 12 machine, without
# touching the machine's own apt state (see fetch-debian-packages.sh, which takes the mirror from apt's sources).
# Usage: fetch-systemd-tmpfiles-257.sh DIR   (needs root for apt-get and network access to the Debian mirror)
# Run it as: DIR/usr/lib64/ld-linux-x86-64.so.2 --library-path DIR/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu \
#            DIR/usr/bin/systemd-tmpfiles ...
set -eu
dir=$1
if [ -x "$dir/usr/bin/systemd-tmpfiles" ]; then
  exit 0
fi
sh "$(dirname "$0")/fetch-debian-packages.sh" --suite trixie "$dir" systemd-standalone-tmpfiles libc6 >/dev/null
"$dir/usr/lib64/ld-linux-x86-64.so.2" --library-path "$dir/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu" \
  "$dir/usr/bin/systemd-tmpfiles" --version | head -1
