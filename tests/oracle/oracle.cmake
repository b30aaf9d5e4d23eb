# The independent oracle (tests/oracle/README.md): random valid datasets whose
# every figure is recomputed from the docs alone and compared with
# `dossier figures` (JSON and --format text) and with the PDFs of the three
# stock templates. This sample is sized for about a minute on 2 cores; the big
# run is `make test-oracle N=100000`. Included from tests/tests.cmake.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  if(NOT DEFINED CMAKE_INSTALL_DATADIR)
    set(CMAKE_INSTALL_DATADIR share)
  endif()
  add_test(NAME oracle_sample
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/oracle/run.py
                   --cases 800 --seed ctest --render-every 10 --jobs 2 --minimise-budget 40
                   --keep ${CMAKE_BINARY_DIR}/oracle-failures
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(oracle_sample PROPERTIES
    ENVIRONMENT "DOSSIER=$<TARGET_FILE:dossier>;DOSSIER_DATA_DIR=${CMAKE_BINARY_DIR}/${CMAKE_INSTALL_DATADIR}/dossier"
    TIMEOUT 600)
else()
  message(STATUS "python3 not found: the oracle_sample test is not registered")
endif()
