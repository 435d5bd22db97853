// profile_epoch: FNV-1a over the replies' shapes and the hashes of their texts.
#include "origin/feed/profile_epoch.h"

#include <functional>
#include <string>

namespace origin::feed {

int64_t profile_epoch(std::span<const core::redis::Reply> replies) {
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](uint64_t value) { h = (h ^ value) * 0x100000001b3ULL; };
  for (const core::redis::Reply& reply : replies) {
    mix(reply.elements.size());
    for (const core::redis::Reply& element : reply.elements)
      mix(std::hash<std::string>{}(element.text));
  }
  return static_cast<int64_t>(h);
}

}  // namespace origin::feed
