# delayproxy's integration test: one Python script (standard library only) that starts the real
# binary on 127.0.0.1 with ports chosen at run time, against targets scripted in Python.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(NOT TARGET delayproxy OR NOT Python3_Interpreter_FOUND)
  return()
endif()

add_test(NAME bench_it_delay_proxy
         COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_delay_proxy.py)
set_tests_properties(bench_it_delay_proxy PROPERTIES
                     TIMEOUT 180 LABELS "integration;bench"
                     ENVIRONMENT "DELAYPROXY=$<TARGET_FILE:delayproxy>;PYTHONDONTWRITEBYTECODE=1")
