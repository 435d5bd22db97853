// A viewer's HTTP/1.1 keep-alive connection to the target, over core/client's OriginClient
// with a pool of one: one request at a time, a cancelled request closes the connection and the
// next one opens a new connection, as a browser's player does.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "bench/swipebench/replay/fetcher.h"
#include "core/client/origin_client.h"

namespace swipebench::replay {

struct ConnectionOptions {
  std::chrono::milliseconds connect_timeout{2'000};
  std::chrono::milliseconds request_timeout{5'000};  // without a byte, per request
  std::string forwarded_for;                         // X-Forwarded-For when not empty
};

class H1Fetcher final : public Fetcher {
 public:
  // nullptr and `error` set when `target_url` is not an http://IP:port URL.
  static std::unique_ptr<H1Fetcher> create(event_base* loop, const std::string& target_url,
                                           const ConnectionOptions& options, std::string& error);
  size_t max_in_flight() const override { return 1; }
  std::unique_ptr<FetchHandle> get(std::string target, bool keep_body, FetchDone done) override;

 private:
  H1Fetcher(std::unique_ptr<core::client::OriginClient> client, std::string forwarded_for)
      : client_(std::move(client)), forwarded_for_(std::move(forwarded_for)) {}
  std::unique_ptr<core::client::OriginClient> client_;
  std::string forwarded_for_;
};

}  // namespace swipebench::replay
