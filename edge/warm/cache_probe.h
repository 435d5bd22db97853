// Where an object stands in the edge's cache, asked without reading it: the warm queue's
// CacheProbe over the process-wide tiers and fills. Thread-safe, like the tiers.
#pragma once

#include <memory>
#include <string>

#include "core/http/message.h"
#include "edge/cache/cache_shared.h"
#include "prefetch/warm_queue.h"

namespace edge::warm {

// The request a warm sends for `path`: a GET with nothing a viewer would add, and Via naming
// this hop.
core::http::Request warm_request(const std::string& path, std::string_view pop);

class CacheStateProbe final : public prefetch::CacheProbe {
 public:
  // `cache` outlives the probe's use (the workers'); the probe does not keep it alive, so the
  // cache, and the disk threads that report evictions, end where edged's main says.
  CacheStateProbe(cache::CacheShared& cache, std::string pop)
      : cache_(cache), pop_(std::move(pop)) {}

  // Playlists are always kAbsent: they are read through the cache (a memory hit when stored),
  // since a stored media playlist must still be read to find the segments it leads to.
  prefetch::CacheState state(const std::string& path) const override;

 private:
  cache::CacheShared& cache_;
  std::string pop_;
};

}  // namespace edge::warm
