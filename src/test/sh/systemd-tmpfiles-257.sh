#!/usr/bin/env bash
# Prints the path of a runnable systemd-tmpfiles 257 (from Debian 13's systemd-standalone-tmpfiles), fetching
# it into a cache outside the repository on first use. It runs on Debian 12 through trixie's own dynamic
# loader and libc, so nothing on the host changes. Cache: $ROOTFS_TEST_CACHE (default /var/cache/rootfs-tests).
set -euo pipefail
cache=${ROOTFS_TEST_CACHE:-/var/cache/rootfs-tests}/tmpfiles-257
wrapper=$cache/systemd-tmpfiles
if [ -x "$wrapper" ] && "$wrapper" --version >/dev/null 2>&1; then
  echo "$wrapper"
  exit 0
fi
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -x "$wrapper" ] && "$wrapper" --version >/dev/null 2>&1; then
  echo "$wrapper"
  exit 0
fi
apt_dir=$cache/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc"
cat > "$apt_dir/etc/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
SRC
opts=(-o "Dir::Etc::sourcelist=$apt_dir/etc/sources.list" -o "Dir::Etc::sourceparts=-"
      -o "Dir::State::lists=$apt_dir/lists" -o "Dir::Cache::archives=$apt_dir/archives"
      -o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1" -o "APT::Get::List-Cleanup=0")
apt-get -q "${opts[@]}" update >&2
rm -rf "$cache/x" "$cache/debs" && mkdir -p "$cache/x" "$cache/debs"
(cd "$cache/debs" && apt-get -q "${opts[@]}" download systemd-standalone-tmpfiles libc6 >&2)
for deb in "$cache"/debs/*.deb; do dpkg-deb -x "$deb" "$cache/x"; done
loader=$cache/x/usr/lib64/ld-linux-x86-64.so.2
[ -e "$loader" ] || loader=$cache/x/lib64/ld-linux-x86-64.so.2
cat > "$wrapper.tmp" <<WRAP
#!/bin/sh
exec "$loader" --library-path "$cache/x/usr/lib/x86_64-linux-gnu:$cache/x/lib/x86_64-linux-gnu" "$cache/x/usr/bin/systemd-tmpfiles" "\$@"
WRAP
chmod +x "$wrapper.tmp" && mv "$wrapper.tmp" "$wrapper"
"$wrapper" --version | head -1 >&2
echo "$wrapper"
