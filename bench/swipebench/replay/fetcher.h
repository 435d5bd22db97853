// One viewer's connection to the target, as the player model sees it: GET a path, get its
// status, X-Cache and size (and the body of playlists). HTTP/1.1 (h1_fetcher.h) and HTTP/2
// (h2_fetcher.h) differ only in how many requests may be in flight.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace swipebench::replay {

// Why a request got no whole response.
enum class FetchFailure : uint8_t {
  kConnect,      // refused, unreachable or no connection within the connect timeout
  kTimeout,      // no bytes within the request timeout
  kReset,        // connection or stream closed or reset before the response ended
  kBadResponse,  // the response did not parse, or its body did not match its framing
};
std::string_view to_string(FetchFailure failure);

struct FetchReply {
  int status = 0;
  std::string x_cache;  // "HIT", "MISS", ... or empty when the target sent none
  uint64_t bytes = 0;   // body bytes received
  std::string body;     // only when asked for (playlists)
};
using FetchResult = std::expected<FetchReply, FetchFailure>;
using FetchDone = std::function<void(FetchResult)>;

// A request in flight; destroying it cancels the request (no callback after that).
class FetchHandle {
 public:
  virtual ~FetchHandle() = default;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Requests the player may have in flight at once: 1 on an HTTP/1.1 connection.
  virtual size_t max_in_flight() const = 0;
  // GETs `target` (path and query); `done` runs later on the loop, never inside this call,
  // exactly once unless the handle is destroyed first.
  virtual std::unique_ptr<FetchHandle> get(std::string target, bool keep_body, FetchDone done) = 0;
};

}  // namespace swipebench::replay
