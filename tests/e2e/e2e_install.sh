#!/usr/bin/env bash
# The installed tree works on its own: `cmake --install` with DESTDIR gives a
# program that finds its templates beside it (no path of the build machine is
# compiled in), the library, its header and dossier.pc; a program built from
# examples/render_one.c against the INSTALLED library through pkg-config
# renders the example dataset; the static library links as well.
. "$(dirname "$0")/e2e-lib.bash"
BUILD_DIR=${BUILD_DIR:-$(dirname "$DOSSIER")}
root="$WORK_DIR/root"
DESTDIR="$root" cmake --install "$BUILD_DIR" --prefix /usr >"$WORK_DIR/install.log" 2>&1 \
  && pass "cmake --install with DESTDIR" || fail "install failed: $(tail -5 "$WORK_DIR/install.log")"
prefix="$root/usr"
libdir=$(dirname "$(find "$prefix" -name libdossier.so -print -quit)")
# A sanitizer build (CI's ASan + UBSan run) instruments the library: a program
# linking it needs the same runtime, and the instrumentation names the source
# files of its globals (not a path the program looks up).
sanitized=0; san_flags=""
if nm -D "$libdir/libdossier.so" | grep -q '__asan_'; then sanitized=1; san_flags="-fsanitize=address,undefined"; fi
for f in "$prefix/bin/dossier" "$prefix/include/dossier.h" "$libdir/libdossier.so" "$libdir/libdossier.a" \
         "$libdir/pkgconfig/dossier.pc" "$prefix/share/dossier/templates/term-report.md" \
         "$prefix/share/dossier/templates/party.style.json" \
         "$prefix/share/dossier/examples/hai-duong-2015-2020.json"; do
  [ -e "$f" ] && pass "installed ${f#$root}" || fail "not installed: ${f#$root}"
done

# no path of the source or build tree inside the program or the library
for bin in "$prefix/bin/dossier" "$libdir/libdossier.so"; do
  [ "$sanitized" = 1 ] && break
  if strings "$bin" | grep -qF -e "$SOURCE_DIR" -e "$BUILD_DIR"; then
    fail "$(basename "$bin") holds a path of the build machine: $(strings "$bin" | grep -F -e "$SOURCE_DIR" -e "$BUILD_DIR" | head -3)"
  else
    pass "$(basename "$bin") names no source or build folder"
  fi
done

# the installed program, run from elsewhere with the source tree out of reach
cd "$WORK_DIR"
env -u DOSSIER_DATA_DIR "$prefix/bin/dossier" templates >templates.txt 2>&1 \
  && grep -q '^term-report' templates.txt && pass "installed dossier lists its templates" \
  || fail "installed dossier templates: $(cat templates.txt)"
env -u DOSSIER_DATA_DIR "$prefix/bin/dossier" render "$prefix/share/dossier/examples/hai-duong-2015-2020.json" \
  -o installed.pdf >render.txt 2>&1 && [ -s installed.pdf ] \
  && pass "installed dossier renders the example with its own templates" \
  || fail "installed render: $(cat render.txt)"
"$DOSSIER" render "$SOURCE_DIR/fixtures/hai-duong-2015-2020.json" -o built.pdf >/dev/null 2>&1
cmp -s installed.pdf built.pdf && pass "installed and built programs write the same bytes" \
  || fail "installed and built programs differ"

# examples/render_one.c against the installed library, through pkg-config
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs dossier) && pass "pkg-config dossier: $flags" || fail "pkg-config dossier failed"
cc -std=c11 -Wall -Wextra -Werror $san_flags "$SOURCE_DIR/examples/render_one.c" $flags -o render_one 2>cc.txt \
  && pass "render_one.c builds against the installed dossier.h and libdossier.so" \
  || fail "render_one.c does not build: $(cat cc.txt)"
if [ -x render_one ]; then
  LD_LIBRARY_PATH="$libdir" ldd render_one | grep -qF "$libdir/libdossier.so" && pass "render_one links the installed libdossier.so" \
    || fail "render_one does not use the installed library: $(ldd render_one | grep dossier)"
  LD_LIBRARY_PATH="$libdir" DOSSIER_DATA_DIR="$prefix/share/dossier" \
    ./render_one "$prefix/share/dossier/examples/hai-duong-2015-2020.json" example.pdf >example.txt 2>&1 \
    && grep -q "example.pdf: 7 pages" example.txt && pass "render_one renders: $(tail -1 example.txt)" \
    || fail "render_one failed: $(cat example.txt)"
  cmp -s example.pdf built.pdf && pass "render_one writes the same bytes as dossier render" \
    || fail "render_one's PDF differs from dossier render's"
  LD_LIBRARY_PATH="$libdir" ./render_one /no/such.json x.pdf 2>err.txt; rc=$?
  [ "$rc" -eq 1 ] && grep -q "render_one: /no/such.json: cannot open" err.txt \
    && pass "render_one reports a missing dataset with its place" || fail "render_one on a missing file: rc=$rc $(cat err.txt)"
fi
# only the public API is exported from the shared library
hidden=$(nm -D --defined-only "$libdir/libdossier.so" | awk '{print $3}' | grep -v '^dossier_' | grep -v '^_' | head -3)
[ -z "$hidden" ] && pass "libdossier.so exports dossier_* only" || fail "libdossier.so exports $hidden"
exported=$(nm -D --defined-only "$libdir/libdossier.so" | awk '{print $3}' | grep '^dossier_' | sort)
declared=$(grep -v '#define' "$prefix/include/dossier.h" | grep -o 'DOSSIER_API [^(]*(' | sed 's/.*[ *]\(dossier_[a-z_]*\)($/\1/' | sort)
[ "$exported" = "$declared" ] && pass "libdossier.so exports exactly the $(echo "$declared" | wc -l) functions of dossier.h" \
  || fail "exports differ from dossier.h: $(diff <(echo "$declared") <(echo "$exported") | head -5)"
# the static library links too (with its private dependencies)
cc -std=c11 $san_flags "$SOURCE_DIR/examples/render_one.c" $(pkg-config --cflags dossier) "$libdir/libdossier.a" \
  $(pkg-config --libs --static dossier | sed 's/-ldossier//') -o render_one_static 2>cc2.txt \
  && pass "render_one links statically" || fail "static link failed: $(head -5 cc2.txt)"
finish
