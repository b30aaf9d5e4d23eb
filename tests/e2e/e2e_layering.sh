#!/usr/bin/env bash
# The layers of the source, checked on every #include of every C file:
# base/ includes nothing of stats/, render/ or cli/; stats/ nothing of render/
# or cli/ nor libharu, cmark, gnuplot, libxml2, fontconfig or HarfBuzz;
# render/ nothing of cli/; libharu's private headers and structures only in
# render/typeset/hpdf_private.c; examples/ nothing but dossier.h.
. "$(dirname "$0")/e2e-lib.bash"
cd "$SOURCE_DIR"
violations() { # FOLDER PATTERN: the includes under FOLDER that match PATTERN
  grep -rnE --include='*.c' --include='*.h' "^#include [\"<]($2)" "$1" || true
}
check() { # FOLDER PATTERN WHAT
  local v; v=$(violations "$1" "$2")
  [ -z "$v" ] && pass "$1 includes no $3" || fail "$1 includes $3: $v"
}
check base 'stats/|render/|cli/' "stats/, render/ or cli/"
check stats 'render/|cli/' "render/ or cli/"
check stats 'hpdf|cmark|libxml|fontconfig|hb[.-]|ft2build|utf8proc' "libharu, cmark, libxml2, fontconfig, HarfBuzz, FreeType or utf8proc"
check render 'cli/' "cli/"
private=$(grep -rlE 'hpdf_(objects|fontdef|doc|encoder|font|streams|mmgr)\.h|->(mmgr|xref|trailer|fontdef_list|attr)\b' \
  --include='*.c' base stats render cli | grep -v '^render/typeset/hpdf_private.c$' || true)
[ -z "$private" ] && pass "libharu's private structures are touched in render/typeset/hpdf_private.c only" \
  || fail "libharu's private structures touched in: $private"
ex=$(grep -hE '^#include' examples/*.c | grep -vE '<(stdio|stdlib|string)\.h>|<dossier\.h>' || true)
[ -z "$ex" ] && pass "examples/ include nothing but dossier.h (and the C library)" || fail "examples include: $ex"
finish
