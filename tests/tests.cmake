# Test registration.
# - tests/test_<module>.c: one program per module. Every `TEST(name)` in it becomes
#   its own ctest test, run as `test_<module> name`, so ctest lists behaviours.
# - tests/e2e_<what>.sh: end-to-end scripts that run the real program and read the
#   PDF back with pdftotext, pdffonts and qpdf. They get DOSSIER (the program),
#   SOURCE_DIR and a scratch WORK_DIR in their environment.
file(GLOB DOSSIER_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/test_*.c)
foreach(src ${DOSSIER_TEST_SOURCES})
  get_filename_component(prog ${src} NAME_WE)
  add_executable(${prog} ${src})
  target_include_directories(${prog} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(${prog} PRIVATE dossier_static)
  file(STRINGS ${src} test_lines REGEX "^TEST\\([a-z0-9_]+\\)")
  foreach(line ${test_lines})
    string(REGEX REPLACE "^TEST\\(([a-z0-9_]+)\\).*" "\\1" case ${line})
    add_test(NAME ${case} COMMAND ${prog} ${case} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  endforeach()
endforeach()

file(GLOB DOSSIER_E2E_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/e2e_*.sh)
foreach(script ${DOSSIER_E2E_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME ${name} COMMAND bash ${script} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT
    "DOSSIER=$<TARGET_FILE:dossier>;SOURCE_DIR=${CMAKE_SOURCE_DIR};BUILD_DIR=${CMAKE_BINARY_DIR};WORK_DIR=${CMAKE_BINARY_DIR}/e2e/${name}")
endforeach()
