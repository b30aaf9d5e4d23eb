# dossier_fault: the program with its allocations and writes routed through
# tests/fault/fault.c, for tests/fault/fault.sh (one ctest test that samples
# every k-th failure; `make fault` tries every one).
add_executable(dossier_fault ${DOSSIER_CLI_SOURCES} ${CMAKE_SOURCE_DIR}/tests/fault/fault.c)
target_link_libraries(dossier_fault PRIVATE dossier_static PkgConfig::LIBXML2 PkgConfig::CJSON)
target_link_options(dossier_fault PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc -Wl,--wrap=strdup
  -Wl,--wrap=strndup -Wl,--wrap=vasprintf -Wl,--wrap=asprintf
  -Wl,--wrap=write -Wl,--wrap=writev -Wl,--wrap=fsync -Wl,--wrap=fdatasync
  -Wl,--wrap=_exit)
