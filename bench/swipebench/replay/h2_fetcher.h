// A viewer's HTTP/2 connection to the target: cleartext with prior knowledge (h2c, RFC 9113
// 3.3), one nghttp2 client session over one socket, several streams at once (the playing
// clip and its prefetches). A connection that fails is replaced by a new one at the next
// request; a cancelled request resets its stream and keeps the connection.
#pragma once

#include <memory>
#include <string>

#include "bench/swipebench/replay/fetcher.h"
#include "bench/swipebench/replay/h1_fetcher.h"

struct event_base;

namespace swipebench::replay {

class H2Connection;

class H2Fetcher final : public Fetcher {
 public:
  // nullptr and `error` set when `target_url` is not an http://IP:port URL.
  static std::unique_ptr<H2Fetcher> create(event_base* loop, const std::string& target_url,
                                           const ConnectionOptions& options, std::string& error);
  ~H2Fetcher() override;
  // The playing clip and up to two prefetched clips, one stream each.
  size_t max_in_flight() const override { return 3; }
  std::unique_ptr<FetchHandle> get(std::string target, bool keep_body, FetchDone done) override;

 private:
  H2Fetcher(event_base* loop, std::string target_url, ConnectionOptions options);
  event_base* loop_;
  std::string target_url_;
  ConnectionOptions options_;
  std::shared_ptr<H2Connection> connection_;
};

}  // namespace swipebench::replay
