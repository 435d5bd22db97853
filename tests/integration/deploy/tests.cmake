# deploy/'s integration tests: Python scripts that check the systemd units (systemd-analyze,
# offline, over the built binaries), the Kubernetes manifest set (PyYAML, an offline schema
# validator from npm installed into the build tree, and the built binaries' --check-config) and
# the local fleet of network namespaces (root only: it skips otherwise).
# A missing tool fails its test naming the package (deploy/install-deps.sh test), not a skip.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(NOT TARGET edged OR NOT TARGET origind OR NOT TARGET controld OR NOT Python3_Interpreter_FOUND)
  return()
endif()

set(_deploy_it_env "EDGED=$<TARGET_FILE:edged>" "ORIGIND=$<TARGET_FILE:origind>"
                   "CONTROLD=$<TARGET_FILE:controld>" "PYTHONDONTWRITEBYTECODE=1"
                   "DEPLOY_K8S_SCHEMA_DIR=${CMAKE_CURRENT_BINARY_DIR}/deploy-k8s-schema")
foreach(_tool systemd-analyze systemd-sysusers systemd-tmpfiles node npm)
  string(TOUPPER ${_tool} _var)
  string(REPLACE "-" "_" _var ${_var})
  find_program(DEPLOY_IT_${_var} ${_tool})
  if(DEPLOY_IT_${_var})
    list(APPEND _deploy_it_env "${_var}=${DEPLOY_IT_${_var}}")
  endif()
endforeach()

foreach(_area systemd k8s)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_${_area}.py)
    add_test(NAME deploy_it_${_area}
             COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_${_area}.py)
    set_tests_properties(deploy_it_${_area} PROPERTIES TIMEOUT 600 ENVIRONMENT "${_deploy_it_env}"
                         LABELS "integration;deploy")
  endif()
endforeach()

if(TARGET delayproxy AND EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_fleet.py)
  add_test(NAME deploy_it_fleet
           COMMAND ${Python3_EXECUTABLE} -B ${CMAKE_CURRENT_LIST_DIR}/test_fleet.py)
  set_tests_properties(deploy_it_fleet PROPERTIES
                       TIMEOUT 300 LABELS "integration;deploy"
                       ENVIRONMENT "${_deploy_it_env};DELAYPROXY=$<TARGET_FILE:delayproxy>")
endif()
