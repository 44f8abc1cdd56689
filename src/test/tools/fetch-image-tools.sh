#!/bin/sh
# Unpacks Debian 13's erofs-utils (mkfs.erofs reads a tar from 1.7; Debian 12 has 1.5), squashfs-tools (sqfstar
# sets the root directory's owner and time from 4.6; Debian 12 has 4.5.1), with the libraries they need, into DIR
# on a Debian 12 machine, without touching the machine's own apt state (see fetch-debian-packages.sh, which takes the mirror from apt's
# sources). The image tests find the tools through ROOTFS_IMAGE_TOOLS_DIR=DIR.
# Usage: fetch-image-tools.sh DIR   (needs root for apt-get and network access to the Debian mirror)
# Each tool runs through the unpacked loader, as DIR/bin/<tool> wrappers do.
set -eu
dir=$1
if [ -x "$dir/bin/mkfs.erofs" ] && [ -x "$dir/bin/sqfstar" ]; then
  exit 0
fi
sh "$(dirname "$0")/fetch-debian-packages.sh" --suite trixie "$dir" erofs-utils squashfs-tools liblzo2-2 \
  libuuid1 liblz4-1 liblzma5 zlib1g libzstd1 libdeflate0 libselinux1 libpcre2-8-0 libc6 >/dev/null
mkdir -p "$dir/bin"
for t in usr/bin/sqfstar usr/bin/mksquashfs usr/bin/unsquashfs usr/bin/mkfs.erofs usr/bin/dump.erofs usr/bin/fsck.erofs; do
  [ -x "$dir/$t" ] || continue
  name=$(basename "$t")
  [ -x "$dir/bin/$name" ] && continue
  # the unpacked glibc and libraries first, then the machine's for anything not fetched
  cat >"$dir/bin/$name" <<WRAP
#!/bin/sh
exec "$dir/usr/lib64/ld-linux-x86-64.so.2" --library-path "$dir/usr/lib/x86_64-linux-gnu:$dir/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu" "$dir/$t" "\$@"
WRAP
  chmod 755 "$dir/bin/$name"
done
"$dir/bin/mkfs.erofs" --version 2>&1 | head -1
"$dir/bin/sqfstar" -version 2>&1 | head -1
