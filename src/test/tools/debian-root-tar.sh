#!/bin/sh
# debian-root-tar.sh CACHE_DIR: makes sure CACHE_DIR holds a Debian 12 minbase root as a tarball, built once with
# mmdebstrap (about 1-3 minutes; needs root or unprivileged user namespaces), and prints its path. The tarball is
# built beside its final name and renamed when complete, under a lock, so a killed or concurrent build never
# leaves a partial one behind.
set -eu
cache=$1
name=bookworm-minbase.tar
mkdir -p "$cache"
exec 9>"$cache/$name.lock"
flock 9
if [ ! -s "$cache/$name" ]; then
    rm -f "$cache/$name.partial"
    mmdebstrap --quiet --variant=minbase --format=tar bookworm "$cache/$name.partial" >"$cache/$name.log" 2>&1 || {
        tail -n 20 "$cache/$name.log" >&2
        exit 1
    }
    mv "$cache/$name.partial" "$cache/$name"
fi
echo "$cache/$name"
