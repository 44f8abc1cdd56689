#!/bin/sh
# Unpacks Debian 13's systemctl and systemd-sysusers 257 (with libsystemd-shared, the glibc and the OpenSSL they
# need) into DIR on a Debian 12 machine, without touching the machine's own apt state (see
# fetch-debian-packages.sh, which takes the mirror from apt's sources). The other libraries come from the host.
# Usage: fetch-systemd-257.sh DIR   (needs root for apt-get and network access to the Debian mirror)
# Run a tool as: DIR/usr/lib64/ld-linux-x86-64.so.2 --library-path \
#   DIR/usr/lib/x86_64-linux-gnu:DIR/usr/lib/x86_64-linux-gnu/systemd:/lib/x86_64-linux-gnu DIR/usr/bin/systemctl ...
set -eu
dir=$1
if [ -x "$dir/usr/bin/systemctl" ] && [ -x "$dir/usr/bin/systemd-sysusers" ]; then
  exit 0
fi
sh "$(dirname "$0")/fetch-debian-packages.sh" --suite trixie "$dir" systemd libsystemd-shared libc6 libssl3t64 >/dev/null
libs="$dir/usr/lib/x86_64-linux-gnu:$dir/usr/lib/x86_64-linux-gnu/systemd:/lib/x86_64-linux-gnu"
for tool in systemctl systemd-sysusers; do
  "$dir/usr/lib64/ld-linux-x86-64.so.2" --library-path "$libs" "$dir/usr/bin/$tool" --version | head -1
done
