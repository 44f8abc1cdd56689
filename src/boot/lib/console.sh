# Reads a guest's serial console after a failed boot: where the guest kernel crashed, whether userspace had
# started by then, and an excerpt for the run's output. Sourced.
#
# Under TCG the emulation itself can crash the guest kernel early (code that the kernel patches while the other
# vCPU runs it), with nothing of the image involved yet. Such a crash is told apart from a real failure by what
# the console shows before it: systemd prints its banner and status lines (boot_vm asks for them with
# systemd.show_status=1) only once the initramfs has mounted the root and handed over to it.

# The first line of a crash: a die() header ("Oops: int3: 0000 [#1] ..." on 6.12, "int3: 0000 [#1] ..." on
# 6.1, "general protection fault: 0000 [#1]"), a BUG line, or a panic.
CONSOLE_CRASH_RE='\[#[0-9]+\]|(^|[] ])BUG: |kernel BUG at|Kernel panic - not syncing'
# Anything systemd prints on the console: the root is mounted and init runs from it.
CONSOLE_USERSPACE_RE='Welcome to |systemd\[1\]:|systemd [0-9.]+ running in system mode|\[  OK  \]|\[FAILED\]|\[DEPEND\]|\[ *TIME *\]|emergency mode|login:'
# A panic that names the root or init is a real failure whenever it comes: the image is what it could not use.
CONSOLE_ROOT_INIT_RE='VFS: Unable to mount root|VFS: Cannot open root device|No working init found|Attempted to kill init|Requested init .* failed'

# console_text CONSOLE_LOG: the log without carriage returns and terminal escape codes.
console_text() {
    sed 's/\r$//; s/\x1b\[[0-9;?]*[A-Za-z]//g' "$1"
}

# console_crash CONSOLE_LOG: prints "KIND<TAB>FIRST CRASH LINE" when the guest kernel crashed, KIND being
# "infra" (a crash before systemd printed anything that names neither the root nor init: the emulation, not the
# image) or "real"; prints nothing when the console shows no crash.
console_crash() {
    console_text "$1" | awk -v crash="$CONSOLE_CRASH_RE" -v user="$CONSOLE_USERSPACE_RE" -v rootinit="$CONSOLE_ROOT_INIT_RE" '
        !first && $0 ~ user { userspace = 1 }
        !first && $0 ~ crash { first = $0; sub(/^\[ *[0-9]+\.[0-9]+\] /, "", first); early = !userspace }
        $0 ~ rootinit { named = 1 }
        END {
            if (!first) exit
            print ((early && !named) ? "infra" : "real") "\t" first
        }'
}

# console_excerpt CONSOLE_LOG: the part of the console worth reading in the run output: from a few lines
# before the first crash line to the end of the crash report, or the last 40 lines when nothing crashed.
console_excerpt() {
    local text start total
    text=$(console_text "$1")
    total=$(printf '%s\n' "$text" | wc -l)
    start=$(printf '%s\n' "$text" | grep -nE -m 1 "$CONSOLE_CRASH_RE" | cut -d: -f1)
    if [ -n "$start" ]; then
        start=$((start > 5 ? start - 5 : 1))
        # a crash report (registers, call trace, panic) is 40 to 70 lines long
        printf '%s\n' "$text" | sed -n "$start,$((start + 79))p"
        [ "$total" -le $((start + 79)) ] || echo "... ($((total - start - 79)) more lines in $1)"
    else
        [ "$total" -le 40 ] || echo "... (the first $((total - 40)) lines are in $1)"
        printf '%s\n' "$text" | tail -n 40
    fi
}
