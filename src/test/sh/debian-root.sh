#!/usr/bin/env bash
# Prints the directory of a cached Debian minbase root (SUITE: bookworm or trixie), building it with mmdebstrap
# on first use, through the boot tests' root builder (src/boot/lib/root.sh), so both share one cache.
set -euo pipefail
BOOT_ROOT_DIR=$(cd "$(dirname "$0")/../../.." && pwd)
export BOOT_ROOT_DIR
# shellcheck source=../../boot/lib/common.sh
. "$BOOT_ROOT_DIR/src/boot/lib/common.sh"
# shellcheck source=../../boot/lib/root.sh
. "$BOOT_ROOT_DIR/src/boot/lib/root.sh"
build_root "${1:?usage: debian-root.sh SUITE}" >&2
echo "$ROOT_DIR"
