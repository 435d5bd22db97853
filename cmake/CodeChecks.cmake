# Formatting and lint targets over the project's own C++ sources.

file(GLOB_RECURSE SWIPECDN_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/manifest/*.cc ${CMAKE_SOURCE_DIR}/manifest/*.h
  ${CMAKE_SOURCE_DIR}/core/*.cc ${CMAKE_SOURCE_DIR}/core/*.h
  ${CMAKE_SOURCE_DIR}/edge/*.cc ${CMAKE_SOURCE_DIR}/edge/*.h
  ${CMAKE_SOURCE_DIR}/origin/*.cc ${CMAKE_SOURCE_DIR}/origin/*.h
  ${CMAKE_SOURCE_DIR}/prefetch/*.cc ${CMAKE_SOURCE_DIR}/prefetch/*.h
  ${CMAKE_SOURCE_DIR}/control/*.cc ${CMAKE_SOURCE_DIR}/control/*.h
  ${CMAKE_SOURCE_DIR}/tests/*.cc ${CMAKE_SOURCE_DIR}/tests/*.h
  ${CMAKE_SOURCE_DIR}/bench/*.cc ${CMAKE_SOURCE_DIR}/bench/*.h)

find_program(CLANG_FORMAT_EXECUTABLE NAMES clang-format clang-format-16 clang-format-14)
if(CLANG_FORMAT_EXECUTABLE)
  add_custom_target(format
    COMMAND ${CLANG_FORMAT_EXECUTABLE} -i ${SWIPECDN_SOURCES}
    COMMENT "Formatting sources" VERBATIM)
  add_custom_target(format-check
    COMMAND ${CLANG_FORMAT_EXECUTABLE} --dry-run -Werror ${SWIPECDN_SOURCES}
    COMMENT "Checking formatting" VERBATIM)
endif()

# clang-tidy 16 is the first that parses libstdc++ 12's <expected> (with the same macro
# override as the fuzz build, and -std=c++2b, its name for C++23); older ones would report
# false errors.
find_program(CLANG_TIDY_EXECUTABLE NAMES clang-tidy-16)
if(CLANG_TIDY_EXECUTABLE)
  list(FILTER SWIPECDN_SOURCES INCLUDE REGEX "\\.cc$")
  add_custom_target(tidy
    COMMAND ${CLANG_TIDY_EXECUTABLE} -p ${CMAKE_BINARY_DIR} --quiet
            --extra-arg=-std=c++2b --extra-arg=-Wno-builtin-macro-redefined --extra-arg=-U__cpp_concepts
            --extra-arg=-D__cpp_concepts=202002L ${SWIPECDN_SOURCES}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "Running clang-tidy" VERBATIM)
endif()
