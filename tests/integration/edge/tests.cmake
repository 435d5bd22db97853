# edged's integration tests: one Python script (standard library only) per area, each starting
# real processes on 127.0.0.1 (edged, nginx from Debian, a scripted origin) with ports chosen at
# run time. The tools are found here and handed over in the environment; a missing one makes
# its tests fail with the package to install (deploy/install-deps.sh test), not skip.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(NOT TARGET edged OR NOT Python3_Interpreter_FOUND)
  return()
endif()

set(_edge_it_env "EDGED=$<TARGET_FILE:edged>" "PYTHONDONTWRITEBYTECODE=1")
foreach(_tool nginx curl nghttp ffmpeg ffprobe chromium node npm)
  string(TOUPPER ${_tool} _var)
  find_program(EDGE_IT_${_var} ${_tool} PATHS /usr/sbin /sbin)
  if(EDGE_IT_${_var})
    list(APPEND _edge_it_env "${_var}=${EDGE_IT_${_var}}")
  endif()
endforeach()
# The geo test checks steered playlists with m3u8 and plays them with hls.js from the shared
# player folder.
if(TARGET m3u8)
  list(APPEND _edge_it_env "M3U8=$<TARGET_FILE:m3u8>")
endif()
list(APPEND _edge_it_env "PLAYER_DIR=${CMAKE_BINARY_DIR}/tests/integration/player")

set(_edge_it_areas admin protocols hls http1 paths slow_reader origin_faults origins h2_abuse tls cache
                   lifecycle prewarm geo)
foreach(_area ${_edge_it_areas})
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_${_area}.py)
    add_test(NAME edge_it_${_area}
             COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_${_area}.py)
    # One edge script at a time: each starts several processes, and the machine has 2 cores.
    set_tests_properties(edge_it_${_area} PROPERTIES TIMEOUT 180 ENVIRONMENT "${_edge_it_env}"
                         LABELS "integration;edge" RESOURCE_LOCK edge_integration)
  endif()
endforeach()

# Under AddressSanitizer freed memory sits in a quarantine that counts in RSS, which would
# hide what the slow-reader test measures; the other scripts keep the quarantine.
if(TEST edge_it_slow_reader)
  set_property(TEST edge_it_slow_reader APPEND PROPERTY ENVIRONMENT "ASAN_OPTIONS=quarantine_size_mb=0")
endif()
# The player folder (npm packages) is shared with origind's playback test.
if(TEST edge_it_geo)
  set_property(TEST edge_it_geo APPEND PROPERTY RESOURCE_LOCK player)
endif()
