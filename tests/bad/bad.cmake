# The bad-input catalogue (tests/bad/README.md): one ctest test per case,
# tests/bad/FOLDER/NAME.expected -> bad.FOLDER.NAME, run by tests/bad/run.sh,
# and bad.catalogue_pairs_up (every input has an .expected and every .expected
# its input). The driver kills a command after 20 s; ctest's own timeout is a
# second guard, so a case that hangs can never hang the suite.
set(DOSSIER_BAD ${DOSSIER_TESTS}/bad)
# the inputs are globbed too (files and folders), so adding or removing one reconfigures
file(GLOB DOSSIER_BAD_FILES CONFIGURE_DEPENDS LIST_DIRECTORIES true ${DOSSIER_BAD}/*/*)
foreach(file ${DOSSIER_BAD_FILES})
  if(file MATCHES "/([^/]+)/([^/]+)\\.expected$")
    set(case ${CMAKE_MATCH_1}/${CMAKE_MATCH_2})
    string(REPLACE "/" "." name "bad.${case}")
    dossier_script_test(${name} ${DOSSIER_BAD}/run.sh ${case})
    # 77: the case cannot run here (e.g. it needs a user other than root)
    set_tests_properties(${name} PROPERTIES TIMEOUT 60 SKIP_RETURN_CODE 77 LABELS bad)
  endif()
endforeach()
dossier_script_test(bad.catalogue_pairs_up ${DOSSIER_BAD}/run.sh --pairs)
set_tests_properties(bad.catalogue_pairs_up PROPERTIES TIMEOUT 60 LABELS bad)
