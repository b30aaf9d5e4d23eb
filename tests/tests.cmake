# Test registration. The folders under tests/ mirror the sources: a test of
# stats/dataset.c is tests/stats/test_dataset.c, of render/chart/svg.c
# tests/render/chart/test_svg.c.
# - tests/**/test_<module>.c: one program per module, built from it and
#   tests/support.c (the helpers several programs share) and linked with
#   dossier_static. Every `TEST(name)` in it becomes its own ctest test, run as
#   `test_<module> name` from the source folder, so ctest lists behaviours.
#   Program names must stay unique across folders.
# - tests/e2e/e2e_<what>.sh: end-to-end scripts that run the real program and
#   read the PDF back with pdftotext, pdffonts and qpdf. They get DOSSIER (the
#   program), SOURCE_DIR, BUILD_DIR and a scratch WORK_DIR in their environment.
# - tests/bad/: the bad-input catalogue, every mistake a clerk makes and every
#   hostile input, as data (tests/bad/README.md): FOLDER/NAME.expected (the
#   command, its exit status and messages) beside its input, checked by
#   tests/bad/run.sh, one ctest test per case (registered in tests/bad/bad.cmake).
# - tests/golden/phrases.sh: the rules of docs/figures.md as data, one test per
#   tests/golden/phrases/NAME.json: what its report and figures must print and
#   must never print (NAME.expected).
# - tests/harness/: check.h's own rule, that a case making no assertion fails.
set(DOSSIER_TESTS ${CMAKE_SOURCE_DIR}/tests)

function(dossier_script_test name script)
  add_test(NAME ${name} COMMAND bash ${script} ${ARGN} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT
    "DOSSIER=$<TARGET_FILE:dossier>;SOURCE_DIR=${CMAKE_SOURCE_DIR};BUILD_DIR=${CMAKE_BINARY_DIR};WORK_DIR=${CMAKE_BINARY_DIR}/e2e/${name}")
endfunction()

file(GLOB_RECURSE DOSSIER_TEST_SOURCES CONFIGURE_DEPENDS ${DOSSIER_TESTS}/test_*.c)
foreach(src ${DOSSIER_TEST_SOURCES})
  get_filename_component(prog ${src} NAME_WE)
  add_executable(${prog} ${src} ${DOSSIER_TESTS}/support.c)
  target_include_directories(${prog} PRIVATE ${DOSSIER_TESTS})
  target_link_libraries(${prog} PRIVATE dossier_static)
  file(STRINGS ${src} test_lines REGEX "^TEST\\([a-z0-9_]+\\)")
  foreach(line ${test_lines})
    string(REGEX REPLACE "^TEST\\(([a-z0-9_]+)\\).*" "\\1" case ${line})
    add_test(NAME ${case} COMMAND ${prog} ${case} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  endforeach()
endforeach()

file(GLOB DOSSIER_E2E_SCRIPTS CONFIGURE_DEPENDS ${DOSSIER_TESTS}/e2e/e2e_*.sh)
foreach(script ${DOSSIER_E2E_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  dossier_script_test(${name} ${script})
endforeach()

include(${DOSSIER_TESTS}/bad/bad.cmake)

# check.h itself: a case that makes no assertion must be reported as failed.
add_executable(check_h_empty_case ${DOSSIER_TESTS}/harness/empty_case.c)
target_include_directories(check_h_empty_case PRIVATE ${DOSSIER_TESTS})
add_test(NAME check_h_fails_a_case_that_made_no_assertion
         COMMAND bash ${DOSSIER_TESTS}/harness/check_h_selftest.sh $<TARGET_FILE:check_h_empty_case>)

# What a report must and must never print: one test per case of
# tests/golden/phrases/ (NAME.json with NAME.expected beside it).
set(DOSSIER_PHRASES ${DOSSIER_TESTS}/golden/phrases.sh)
file(GLOB DOSSIER_PHRASE_CASES CONFIGURE_DEPENDS ${DOSSIER_TESTS}/golden/phrases/*.json
     ${DOSSIER_TESTS}/golden/phrases/*.expected)
foreach(input ${DOSSIER_PHRASE_CASES})
  if(input MATCHES "\\.json$")
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${input})
    get_filename_component(name ${input} NAME_WE)
    dossier_script_test(phrase.${name} ${DOSSIER_PHRASES} ${rel})
  endif()
endforeach()

# Every allocation and write of a demo render and a 3-item batch made to fail
# in turn (tests/fault/): ctest tries a sample, `make fault` every one.
include(${DOSSIER_TESTS}/fault/fault.cmake)
dossier_script_test(fault_injection_sample ${DOSSIER_TESTS}/fault/fault.sh 97 997)

# The independent oracle of every figure (tests/oracle/README.md).
include(${DOSSIER_TESTS}/oracle/oracle.cmake)
