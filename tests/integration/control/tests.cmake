# controld's integration tests: one Python script (standard library only) per area, each
# starting real processes on 127.0.0.1 with ports chosen at run time: controld replicas,
# controlctl, redis-server, a real origind with clips made by ffmpeg, and a real edged.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(NOT TARGET controld OR NOT TARGET controlctl OR NOT TARGET origind
   OR NOT Python3_Interpreter_FOUND)
  return()
endif()

set(_control_it_env "CONTROLD=$<TARGET_FILE:controld>" "CONTROLCTL=$<TARGET_FILE:controlctl>"
                    "ORIGIND=$<TARGET_FILE:origind>" "PYTHONDONTWRITEBYTECODE=1")
foreach(_tool ffmpeg redis-server)
  string(TOUPPER ${_tool} _var)
  string(REPLACE "-" "_" _var ${_var})
  find_program(CONTROL_IT_${_var} ${_tool})
  if(CONTROL_IT_${_var})
    list(APPEND _control_it_env "${_var}=${CONTROL_IT_${_var}}")
  endif()
endforeach()

set(_control_it_areas planning leadership cli)
# Pushing to a real edge needs edged.
if(TARGET edged)
  list(APPEND _control_it_env "EDGED=$<TARGET_FILE:edged>")
  list(APPEND _control_it_areas edge_push)
endif()
foreach(_area ${_control_it_areas})
  add_test(NAME control_it_${_area}
           COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_${_area}.py)
  # One script at a time: the take-over bound is about intervals, so a busy machine is avoided.
  set_tests_properties(control_it_${_area} PROPERTIES TIMEOUT 600 ENVIRONMENT "${_control_it_env}"
                       LABELS "integration;control" RESOURCE_LOCK control_integration)
endforeach()
