# delayproxy's integration tests: Python scripts (standard library only) that start the real
# binary on 127.0.0.1 with ports chosen at run time, against targets scripted in Python. The
# transparent routes' test runs in a network namespace of its own with nftables rules: as root
# only (it skips otherwise), with nft from Debian's nftables.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(NOT TARGET delayproxy OR NOT Python3_Interpreter_FOUND)
  return()
endif()

foreach(_suffix "" _transparent)
  add_test(NAME bench_it_delay_proxy${_suffix}
           COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_delay_proxy${_suffix}.py)
  set_tests_properties(bench_it_delay_proxy${_suffix} PROPERTIES
                       TIMEOUT 180 LABELS "integration;bench"
                       ENVIRONMENT "DELAYPROXY=$<TARGET_FILE:delayproxy>;PYTHONDONTWRITEBYTECODE=1")
endforeach()

# swipebench replay end to end: real origind and edged, tiny clips ingested, h1 and h2 replays.
if(TARGET swipebench AND TARGET origind AND TARGET edged)
  find_program(BENCH_IT_FFMPEG ffmpeg)
  add_test(NAME bench_it_swipebench_replay
           COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_swipebench_replay.py)
  set_tests_properties(bench_it_swipebench_replay PROPERTIES
                       TIMEOUT 240 LABELS "integration;bench"
                       ENVIRONMENT "SWIPEBENCH=$<TARGET_FILE:swipebench>;ORIGIND=$<TARGET_FILE:origind>;EDGED=$<TARGET_FILE:edged>;FFMPEG=${BENCH_IT_FFMPEG};PYTHONDONTWRITEBYTECODE=1")
endif()

# swipebench gen and convert end to end: traces written and read back, reproducible seeds,
# --help and --version at every level, bad flags exit 2 naming them.
if(TARGET swipebench)
  add_test(NAME bench_it_swipebench_gen
           COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_swipebench_gen.py)
  set_tests_properties(bench_it_swipebench_gen PROPERTIES
                       TIMEOUT 120 LABELS "integration;bench"
                       ENVIRONMENT "SWIPEBENCH=$<TARGET_FILE:swipebench>;PYTHONDONTWRITEBYTECODE=1")
endif()
