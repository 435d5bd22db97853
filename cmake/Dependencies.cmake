# Every library of the design, found once here so that later parts only link the imported
# targets: PkgConfig::<name> or the package's own CMake target.

find_package(PkgConfig REQUIRED)
foreach(dep libevent libevent_openssl libevent_pthreads libnghttp2 openssl libavformat
            libavcodec libavutil libswscale libswresample lmdb hiredis libmaxminddb libxxhash)
  pkg_check_modules(${dep} REQUIRED IMPORTED_TARGET ${dep})
endforeach()

# The daemons' allocator. The sanitizers bring their own, so sanitized builds leave it out.
if(NOT SWIPECDN_SANITIZE AND NOT SWIPECDN_FUZZ)
  pkg_check_modules(jemalloc REQUIRED IMPORTED_TARGET jemalloc)
endif()

find_package(Threads REQUIRED)
find_package(tomlplusplus 3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 2 REQUIRED)

if(SWIPECDN_TESTS)
  find_package(GTest REQUIRED)
endif()
if(SWIPECDN_BENCH)
  find_package(benchmark REQUIRED)
endif()

find_program(FFMPEG_EXECUTABLE ffmpeg)
find_program(NODE_EXECUTABLE node)
