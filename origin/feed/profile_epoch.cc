// profile_epoch: an FNV-1a chain over the parts, each part an ordered chain (the lists) or a sum
// of its members' hashes (the sets), which no order changes.
#include "origin/feed/profile_epoch.h"

#include <functional>
#include <string>

namespace origin::feed {
namespace {

using core::redis::Reply;

uint64_t text_hash(const Reply& reply) {
  return std::hash<std::string>{}(reply.text);
}

uint64_t members(const Reply& set) {
  uint64_t sum = 0;
  for (const Reply& member : set.elements)
    sum += text_hash(member) * 0x9e3779b97f4a7c15ULL + 1;
  return sum;
}

}  // namespace

int64_t profile_epoch(const ProfileReplies& replies) {
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](uint64_t value) { h = (h ^ value) * 0x100000001b3ULL; };
  mix(members(replies.seen));
  for (const Reply* list : {&replies.done, &replies.interest}) {
    mix(list->elements.size());
    for (const Reply& item : list->elements)
      mix(text_hash(item));
  }
  mix(members(replies.follows));
  return static_cast<int64_t>(h);
}

}  // namespace origin::feed
