// HashRing: points sorted once at construction; a lookup is a binary search and, for the
// fail-over order, a walk that stops as soon as every member was seen.
#include "edge/proxy/hash_ring.h"

#include <xxhash.h>

#include <algorithm>

namespace edge::proxy {

uint64_t HashRing::hash(std::string_view text) {
  return XXH3_64bits(text.data(), text.size());
}

HashRing::HashRing(std::span<const std::string> names, size_t virtual_nodes)
    : members_(names.size()) {
  const size_t per_member = std::max<size_t>(virtual_nodes, 1);
  points_.reserve(names.size() * per_member);
  for (size_t member = 0; member < names.size(); ++member) {
    for (size_t i = 0; i < per_member; ++i) {
      const std::string label = names[member] + "#" + std::to_string(i);
      points_.push_back(Point{hash(label), static_cast<uint32_t>(member)});
    }
  }
  // Ties (vanishingly rare) are broken by name so that the order never depends on
  // the order origins were listed in.
  std::sort(points_.begin(), points_.end(), [&](const Point& a, const Point& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    return names[a.member] < names[b.member];
  });
}

size_t HashRing::first_point(std::string_view key) const {
  const uint64_t h = hash(key);
  const auto it = std::lower_bound(points_.begin(), points_.end(), h,
                                   [](const Point& p, uint64_t value) { return p.hash < value; });
  return it == points_.end() ? 0 : static_cast<size_t>(it - points_.begin());
}

size_t HashRing::owner(std::string_view key) const {
  return points_[first_point(key)].member;
}

std::vector<size_t> HashRing::order(std::string_view key) const {
  std::vector<size_t> out;
  if (points_.empty()) return out;
  out.reserve(members_);
  std::vector<bool> seen(members_, false);
  const size_t start = first_point(key);
  for (size_t i = 0; i < points_.size() && out.size() < members_; ++i) {
    const uint32_t member = points_[(start + i) % points_.size()].member;
    if (!seen[member]) {
      seen[member] = true;
      out.push_back(member);
    }
  }
  return out;
}

}  // namespace edge::proxy
