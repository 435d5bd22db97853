// The seam between a planning round and the network: where region feeds come from and where
// hints go. controld's implementation (EdgeNetwork) speaks HTTP; tests answer from memory.
#pragma once

#include <expected>
#include <functional>
#include <string>

namespace control::plane {

class RoundIo {
 public:
  virtual ~RoundIo() = default;
  using FeedDone = std::function<void(std::expected<std::string, std::string>)>;
  using PushDone = std::function<void(std::expected<void, std::string>)>;

  // The body of the origin's region feed for `region`, or why there is none. `done` runs on
  // the loop, possibly inside this call, at most once.
  virtual void fetch_feed(const std::string& region, FeedDone done) = 0;
  // Posts hint `body`, signed, to `edge` (an admin base URL); `done` hears whether the edge
  // accepted it. Same calling rules as fetch_feed.
  virtual void push_hint(const std::string& edge, const std::string& body, PushDone done) = 0;
};

}  // namespace control::plane
