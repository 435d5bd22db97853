// CacheStateProbe: presence in the memory tier, the disk tier's index or the fills.
#include "edge/warm/cache_probe.h"

#include "edge/cache/cache_key.h"

namespace edge::warm {

core::http::Request warm_request(const std::string& path, std::string_view pop) {
  core::http::Request request;
  request.method = "GET";
  request.target = path;
  request.scheme = "http";
  request.headers.add("via", "1.1 " + std::string(pop));
  return request;
}

prefetch::CacheState CacheStateProbe::state(const std::string& path) const {
  if (path.ends_with(".m3u8")) return prefetch::CacheState::kAbsent;
  cache::CacheShared& shared = cache_;
  const auto key = cache::cache_key(warm_request(path, pop_), shared.settings.keys);
  if (!key) return prefetch::CacheState::kAbsent;
  if (shared.fills.filling(*key)) return prefetch::CacheState::kFilling;
  // Presence only, and no access: a stored but stale object is not refetched by a warm (the
  // next viewer's lookup revalidates it), and a forecast must not keep an object from eviction.
  if (shared.memory.contains(*key) || (shared.disk && shared.disk->contains(*key)))
    return prefetch::CacheState::kStored;
  return prefetch::CacheState::kAbsent;
}

}  // namespace edge::warm
