# Warnings, sanitizers and fuzzing flags for our own targets. Third-party headers come in
# through SYSTEM include directories, so -Werror never fires on them.

add_library(swipecdn_options INTERFACE)
target_compile_options(swipecdn_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wnull-dereference
  -Wimplicit-fallthrough -Wformat=2)
if(SWIPECDN_WERROR)
  target_compile_options(swipecdn_options INTERFACE -Werror)
endif()
# GCC 12 at -O3 reports -Wrestrict inside libstdc++'s operator+(const char*, std::string&&)
# once inlined (GCC bug 105329): a false positive in a header we cannot change.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(swipecdn_options INTERFACE -Wno-restrict)
endif()
target_include_directories(swipecdn_options INTERFACE ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)

# Debug is the build type of the sanitized test suite (`make test`): -Og keeps every frame
# and assertion and still runs the suite briskly, and line tables are all the sanitizers'
# reports need. It compiles about 2.5x faster than -O2 with full debug information. These
# come after CMake's own -g for Debug, so they win.
add_compile_options($<$<CONFIG:Debug>:-Og> $<$<CONFIG:Debug>:-g1>)

if(SWIPECDN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(SWIPECDN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SWIPECDN_FUZZ needs clang (configure with CXX=clang++-16)")
  endif()
  # libstdc++ 12 hides <expected> unless __cpp_concepts >= 202002; clang 16 handles the
  # constraints it needs but still advertises 201907.
  add_compile_options(-Wno-builtin-macro-redefined -U__cpp_concepts -D__cpp_concepts=202002L
                      -fsanitize=fuzzer-no-link,address,undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

configure_file(${CMAKE_SOURCE_DIR}/cmake/version.h.in ${CMAKE_BINARY_DIR}/generated/swipecdn/version.h)
