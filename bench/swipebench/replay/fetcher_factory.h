// The connection of one viewer: HTTP/1.1 or HTTP/2, as --http2 says.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "bench/swipebench/replay/fetcher.h"
#include "bench/swipebench/replay/h1_fetcher.h"

struct event_base;

namespace swipebench::replay {

// The error says why `target_url` cannot be connected to.
std::expected<std::unique_ptr<Fetcher>, std::string> make_fetcher(event_base* loop,
                                                                  const std::string& target_url,
                                                                  bool http2,
                                                                  const ConnectionOptions& options);

}  // namespace swipebench::replay
