# What the guest must find: the built entries of one path, taken from the canonical listing that the plugin's
# manifest goal writes for the image. Sourced.

# expected_table MANIFEST SOURCE OUT: the entries of MANIFEST at or below SOURCE (e.g. /var, or
# /usr/share/factory/var where a factory holds the built /var) as the tab-separated table the guest check
# compares with: path relative to SOURCE ("." for SOURCE itself), find's type letter, mode, uid, gid, link
# target, sha256 and major,minor ("-" where empty). Names are unescaped from mtree's \ooo form to their bytes.
expected_table() {
    local manifest=$1 source=$2 out=$3
    LC_ALL=C awk -v source=".$source" '
        function unescape(s,   out, i, c) {
            out = ""
            for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (c == "\\" && substr(s, i + 1, 3) ~ /^[0-3][0-7][0-7]$/) {
                    out = out sprintf("%c", (substr(s, i + 1, 1) * 64) + (substr(s, i + 2, 1) * 8) + substr(s, i + 3, 1))
                    i += 3
                } else out = out c
            }
            return out
        }
        BEGIN {
            letter["dir"] = "d"; letter["file"] = "f"; letter["link"] = "l"; letter["char"] = "c"
            letter["block"] = "b"; letter["fifo"] = "p"; letter["socket"] = "s"
        }
        /^#/ { next }
        $1 == source || index($1, source "/") == 1 {
            delete kw
            for (i = 2; i <= NF; i++) { eq = index($i, "="); kw[substr($i, 1, eq - 1)] = substr($i, eq + 1) }
            path = $1 == source ? "." : unescape(substr($1, length(source) + 2))
            device = "-"
            if ("device" in kw) { split(kw["device"], d, ","); device = d[2] "," d[3] }
            printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", path, letter[kw["type"]], kw["mode"], kw["uid"] + 0,
                kw["gid"] + 0, ("link" in kw ? unescape(kw["link"]) : "-"),
                ("sha256digest" in kw ? kw["sha256digest"] : "-"), device
        }' "$manifest" >"$out"
    [ -s "$out" ] || die "the manifest $manifest lists nothing under $source"
}
