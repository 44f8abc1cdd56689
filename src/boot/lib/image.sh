# From a staged target root and its metadata file to a bootable disk image. Sourced.

# stage_root ROOT DIR: a private copy of a cached root to apply goals to; the cache itself stays pristine.
stage_root() {
    local root=$1 dir=$2
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    cp -a --reflink=auto "$root" "$dir"
    rm -f "$dir/.complete"
}

# apply_metadata DIR MTREE: puts the owners, modes and device nodes that the metadata records onto the tree, so
# the image gets them. libarchive reads our mtree format directly: archiving "@MTREE" inside DIR yields exactly
# the listed entries with the recorded attributes and the content on disk, and extracting that archive as root
# over DIR applies them (numeric ids: the names belong to the target, not to this host). Paths the metadata
# does not list keep their owners on disk, as the goals' applyOwnership=auto does when run as root.
apply_metadata() {
    local dir=$1 mtree=$2 tar
    tar=$(mktemp "${TMPDIR:-/tmp}/rootfs-metadata.XXXXXX.tar")
    if ! (cd "$dir" && bsdtar -cf "$tar" --numeric-owner "@$mtree"); then
        rm -f "$tar"
        die "bsdtar could not read the metadata $mtree against $dir"
    fi
    if ! bsdtar -xpf "$tar" --numeric-owner -C "$dir"; then
        rm -f "$tar"
        die "applying the metadata $mtree to $dir failed"
    fi
    rm -f "$tar"
    apply_metadata_xattrs "$dir" "$mtree"
}

# apply_metadata_xattrs DIR MTREE: the extended attributes and ACLs of the metadata ("#xattr ./path NAME=BASE64"
# lines, which libarchive skips as comments) onto the tree, where mkfs.ext4 -d copies them from.
apply_metadata_xattrs() {
    local dir=$1 mtree=$2 path attr
    grep -q '^#xattr ' "$mtree" || return 0
    command -v setfattr >/dev/null || die "the metadata $mtree has extended attributes: apt-get install -y attr"
    while read -r _ path attr; do
        setfattr -h -n "$(mtree_unescape "${attr%%=*}")" -v "0s${attr#*=}" "$dir/$(mtree_unescape "${path#./}")" \
            || die "cannot set the extended attribute ${attr%%=*} of $path from $mtree"
    done < <(grep '^#xattr ' "$mtree")
}

# mtree_unescape WORD: the bytes an mtree word stands for (\ooo octal escapes).
mtree_unescape() {
    printf '%b' "$(printf '%s' "$1" | sed 's/\\\([0-3][0-7][0-7]\)/\\0\1/g')"
}

# make_disk DIR IMAGE [LABEL]: an ext4 image of DIR (owners and modes as on disk); every call gives the file
# system a new UUID, as a real image rebuild does.
make_disk() {
    local dir=$1 image=$2 label=${3:-rootfs}
    rm -f "$image"
    run_logged "$image.mkfs.log" "mkfs.ext4 could not build $image from $dir" \
        mkfs.ext4 -q -F -L "$label" -d "$dir" "$image" 2G
}

# make_data_disk IMAGE LABEL: an empty ext4 disk for persistent storage.
make_data_disk() {
    local image=$1 label=$2
    rm -f "$image"
    run_logged "$image.mkfs.log" "mkfs.ext4 could not build $image" mkfs.ext4 -q -F -L "$label" "$image" 256M
}

# extract_boot_files DIR OUT: copies the kernel and initrd of the root to OUT/vmlinuz and OUT/initrd.img; QEMU
# boots them directly, so the image needs no boot loader.
extract_boot_files() {
    local dir=$1 out=$2 kernel initrd
    kernel=$(compgen -G "$dir/boot/vmlinuz-*" | sort -V | tail -n 1) || true
    initrd=$(compgen -G "$dir/boot/initrd.img-*" | sort -V | tail -n 1) || true
    if [ -z "$kernel" ] || [ -z "$initrd" ]; then
        die "no kernel or initrd in $dir/boot"
    fi
    mkdir -p "$out"
    cp "$kernel" "$out/vmlinuz"
    cp "$initrd" "$out/initrd.img"
}

# disk_uuid IMAGE: the file system UUID of an image.
disk_uuid() {
    blkid -o value -s UUID "$1"
}

# disk_write_state IMAGE: the superblock fields that change when the file system is mounted read-write or
# written to; equal before and after a boot means the guest never wrote the root disk.
disk_write_state() {
    dumpe2fs -h "$1" 2>/dev/null | grep -E '^(Last mount time|Last write time|Mount count|Free blocks|Free inodes):'
}
