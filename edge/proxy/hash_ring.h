// Consistent hashing of video ids onto origins: every origin owns many points on a 64-bit
// ring (virtual nodes, xxHash3 of "name#i") and a key belongs to the first point at or after
// its own hash. A point depends only on its origin's name, so adding an origin moves only the
// keys that now land on the new origin's points, about 1/n of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edge::proxy {

class HashRing {
 public:
  // `names` must be distinct; member i is names[i]. An empty ring has no owner for anything.
  HashRing(std::span<const std::string> names, size_t virtual_nodes);

  size_t members() const { return members_; }
  // The member that owns `key`; members() must be > 0.
  size_t owner(std::string_view key) const;
  // Every member once, in the order `key` tries them: the owner, then the members whose
  // points come next going round the ring. Fail-over order is as stable as ownership.
  std::vector<size_t> order(std::string_view key) const;

  static uint64_t hash(std::string_view text);

 private:
  struct Point {
    uint64_t hash;
    uint32_t member;
  };
  size_t first_point(std::string_view key) const;

  std::vector<Point> points_;  // sorted by hash
  size_t members_;
};

}  // namespace edge::proxy
