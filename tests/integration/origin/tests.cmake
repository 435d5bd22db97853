# origind's integration tests: one Python script (standard library only) per area, each
# starting real origind processes on 127.0.0.1 with ports chosen at run time and clips made by
# ffmpeg. The process harness is the edge's (tests/integration/edge/edgeharness).
find_package(Python3 COMPONENTS Interpreter QUIET)
if(NOT TARGET origind OR NOT Python3_Interpreter_FOUND)
  return()
endif()

set(_origin_it_env "ORIGIND=$<TARGET_FILE:origind>" "PYTHONDONTWRITEBYTECODE=1")
# redis-server for the feed test; the playback test's browser and Node.js; it fails naming what is missing when they are not
# found here nor on PATH, and installs its npm packages into the build tree.
foreach(_tool ffmpeg ffprobe chromium node npm redis-server)
  string(TOUPPER ${_tool} _var)
  string(REPLACE "-" "_" _var ${_var})
  find_program(ORIGIN_IT_${_var} ${_tool})
  if(ORIGIN_IT_${_var})
    list(APPEND _origin_it_env "${_var}=${ORIGIN_IT_${_var}}")
  endif()
endforeach()
list(APPEND _origin_it_env "PLAYER_DIR=${CMAKE_BINARY_DIR}/tests/integration/player")

foreach(_area upload serving jobs cli playback feed)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_${_area}.py)
    add_test(NAME origin_it_${_area}
             COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_${_area}.py)
    # One script at a time: transcodes use every core of a 2-core machine.
    set_tests_properties(origin_it_${_area} PROPERTIES TIMEOUT 600 ENVIRONMENT "${_origin_it_env}"
                         LABELS "integration;origin" RESOURCE_LOCK origin_integration)
    if(_area STREQUAL "playback")
      # The player folder (npm packages) is shared with the edge's steering test.
      set_tests_properties(origin_it_${_area} PROPERTIES RESOURCE_LOCK
                           "origin_integration;player")
    endif()
  endif()
endforeach()
