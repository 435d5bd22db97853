// The settings of origind's HTTP side: limits of uploads and caching of what it serves.
#pragma once

#include <cstddef>
#include <cstdint>

namespace origin::api {

struct ApiConfig {
  int64_t max_upload_bytes = int64_t{1} << 30;  // 413 beyond, declared or by Content-Range
  int playlist_max_age_s = 10;                  // Cache-Control of playlists
  // A VOD playlist does not change once written: a cache may answer with one this much older
  // than max-age while it asks again, so a viewer never waits for a playlist's revalidation.
  int playlist_stale_while_revalidate_s = 60;
  size_t read_chunk_bytes = size_t{256} * 1024;  // one file read off the loop per body chunk
  int io_threads = 4;                            // blocking disk and LMDB work
};

}  // namespace origin::api
