#!/usr/bin/env bash
# Proves on the host, in a second, that the guest's content comparison sees every kind of difference it is
# meant to catch, so a passing boot means the content was checked and not that the check was blind. It runs the
# guest script's own functions on a small tree against a table made by expected_table from an mtree listing.
# Also checks that the image builder applies what the metadata records (owners, modes, devices, xattrs).
#
#   bash src/boot/check-selftest.sh        (needs root for the owners and the device node)
set -uo pipefail
BOOT_ROOT_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BOOT_WORK=${ROOTFS_BOOT_WORK:-$BOOT_ROOT_DIR/target/boot}
. "$BOOT_ROOT_DIR/src/boot/lib/common.sh"
. "$BOOT_ROOT_DIR/src/boot/lib/expected.sh"
. "$BOOT_ROOT_DIR/src/boot/lib/image.sh"
# shellcheck source=guest/rootfs-check
. "$BOOT_ROOT_DIR/src/boot/guest/rootfs-check"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rootfs-check-selftest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
TREE="$WORK/var"
PHASE=first PROBE=''
FAILED=0

# The tree as a build would leave it, and its canonical listing.
make_tree() {
    rm -rf "$TREE"
    mkdir -p "$TREE/lib/app" "$TREE/shared"
    printf 'state\n' >"$TREE/lib/app/state"
    printf 'spaced\n' >"$TREE/lib/app/a b"
    printf 'accent\n' >"$TREE/lib/app/$(printf 'caf\303\251')"
    ln -s app/state "$TREE/lib/link"
    mkfifo "$TREE/lib/fifo"
    mknod "$TREE/lib/null" c 1 3
    chmod 0755 "$TREE" "$TREE/lib" "$TREE/lib/app"
    chmod 2770 "$TREE/shared" && chown 4242:4243 "$TREE/shared"
    chmod 0640 "$TREE/lib/app/state" && chown 4242:4242 "$TREE/lib/app/state"
    chmod 0600 "$TREE/lib/app/a b" "$TREE/lib/app/café" "$TREE/lib/fifo"
    chmod 0666 "$TREE/lib/null"
}

write_listing() {
    local sum_state sum_spaced sum_accent
    sum_state=$(printf 'state\n' | sha256sum | cut -d ' ' -f 1)
    sum_spaced=$(printf 'spaced\n' | sha256sum | cut -d ' ' -f 1)
    sum_accent=$(printf 'accent\n' | sha256sum | cut -d ' ' -f 1)
    cat >"$WORK/listing.mtree" <<MTREE
#mtree
./etc type=dir mode=0755 uid=0 gid=0
./var type=dir mode=0755 uid=0 gid=0 uname=root gname=root
./var/lib type=dir mode=0755 uid=0 gid=0
./var/lib/app type=dir mode=0755 uid=0 gid=0
./var/lib/app/a\\040b type=file mode=0600 uid=0 gid=0 sha256digest=$sum_spaced
./var/lib/app/caf\\303\\251 type=file mode=0600 uid=0 gid=0 sha256digest=$sum_accent
./var/lib/app/state type=file mode=0640 uid=4242 gid=4242 sha256digest=$sum_state
./var/lib/fifo type=fifo mode=0600 uid=0 gid=0
./var/lib/link type=link mode=0777 uid=0 gid=0 link=app/state
./var/lib/null type=char mode=0666 uid=0 gid=0 device=native,1,3
./var/shared type=dir mode=2770 uid=4242 gid=4243
./varnish type=dir mode=0755 uid=0 gid=0
MTREE
    expected_table "$WORK/listing.mtree" /var "$WORK/expected.tsv"
}

# expect VERDICT DETAIL NAME EXACT EXEMPT: compares the tree and wants VERDICT (PASS/FAIL) and, for a failure,
# a detail line containing DETAIL.
expect() {
    local verdict=$1 detail=$2 name=$3 exact=${4:-no} exempt=${5:-} out
    out=$(FAILURES=0; compare_tree "$name" "$TREE" "$WORK/expected.tsv" "$exempt" "$exact")
    if ! grep -q "^ROOTFS-CHECK $verdict " <<<"$out" || { [ -n "$detail" ] && ! grep -qF -- "$detail" <<<"$out"; }; then
        log "self-test '$name': expected $verdict${detail:+ with '$detail'}, got:"
        printf '%s\n' "$out" >&2
        FAILED=$((FAILED + 1))
    fi
}

make_tree; write_listing
[ "$(wc -l <"$WORK/expected.tsv")" -eq 10 ] || { log "expected_table kept $(wc -l <"$WORK/expected.tsv") entries of /var, not 10"; FAILED=1; }
expect PASS '' 'built tree' yes
make_tree; chmod 0644 "$TREE/lib/app/state"; expect FAIL 'lib/app/state: mode 0644 (built 0640)' mode
make_tree; chmod g-s "$TREE/shared"; expect FAIL 'shared: mode 0770 (built 2770)' setgid-bit
make_tree; chown 0 "$TREE/lib/app/state"; expect FAIL 'lib/app/state: uid 0 (built 4242)' owner
make_tree; chgrp 0 "$TREE/shared"; expect FAIL 'shared: gid 0 (built 4243)' group
make_tree; echo changed >"$TREE/lib/app/state"; expect FAIL 'lib/app/state: sha256' content
make_tree; echo changed >"$TREE/lib/app/state"; expect PASS '' runtime-writer no '^lib/app/state$'
make_tree; echo changed >"$TREE/lib/app/a b"; expect FAIL 'lib/app/a b: sha256' escaped-name
make_tree; rm "$TREE/lib/app/café"; expect FAIL 'missing lib/app/café' utf8-name
make_tree; ln -sfn elsewhere "$TREE/lib/link"; expect FAIL 'lib/link: link elsewhere (built app/state)' link-target
make_tree; rm "$TREE/lib/link"; mkdir "$TREE/lib/link"; expect FAIL 'lib/link: type d (built l)' type
make_tree; rm "$TREE/lib/null"; mknod "$TREE/lib/null" c 1 5; chmod 0666 "$TREE/lib/null"
expect FAIL 'lib/null: device 1,5 (built 1,3)' device
make_tree; touch "$TREE/lib/extra"; expect FAIL 'unexpected lib/extra' extra-in-lower yes
make_tree; touch "$TREE/lib/extra"; expect PASS '' extra-in-mounted-path no

# The image builder puts what the metadata records onto the tree: owners, special modes, a device node that
# exists only in the metadata, and extended attributes on an escaped name.
check_apply_metadata() {
    local tree="$WORK/apply" value
    rm -rf "$tree"
    mkdir -p "$tree/var/lib"
    printf 'x\n' >"$tree/var/lib/a b"
    value=$(printf 'hello' | base64)
    cat >"$WORK/apply.mtree" <<MTREE
#mtree
./var/lib type=dir mode=2750 uid=4242 gid=4243
./var/lib/a\\040b type=file mode=4711 uid=7 gid=8
#xattr ./var/lib/a\\040b user.rootfs\\040test=$value
./var/lib/null type=char mode=0666 uid=0 gid=0 device=native,1,3
MTREE
    apply_metadata "$tree" "$WORK/apply.mtree"
    local got
    got=$(stat -c '%n %a %u %g %t,%T' "$tree/var/lib" "$tree/var/lib/a b" "$tree/var/lib/null" | sed "s|$tree/||")
    got+=$'\n'$(getfattr --absolute-names --only-values -n 'user.rootfs test' "$tree/var/lib/a b" 2>&1)
    local want=$'var/lib 2750 4242 4243 0,0\nvar/lib/a b 4711 7 8 0,0\nvar/lib/null 666 0 0 1,3\nhello'
    if [ "$got" != "$want" ]; then
        log "self-test apply-metadata: expected"$'\n'"$want"$'\n'"got"$'\n'"$got"
        FAILED=$((FAILED + 1))
    fi
}
check_apply_metadata

if [ "$FAILED" -ne 0 ]; then
    die "the self-test failed $FAILED times: images or checks would not be what the boots claim"
fi
log "self-test: the guest check catches mode, owner, content, type, link, device, missing and extra entries;" \
    "the image builder applies owners, modes, devices and xattrs from the metadata"
