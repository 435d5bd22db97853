// OriginClient::create and the client itself: a thin owner of the shared connection pool, so
// that fetches still in flight keep the pool alive after the client is gone.
#include "core/client/origin_client.h"

#include "core/client/connection_pool.h"
#include "core/client/origin_url.h"
#include "core/client/upstream_fetch.h"

namespace core::client {
namespace {

class PooledOriginClient final : public OriginClient {
 public:
  explicit PooledOriginClient(std::shared_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  std::unique_ptr<Fetch> fetch(const http::Request& request, FetchObserver& observer) override {
    return std::make_unique<UpstreamFetch>(pool_, request, observer);
  }
  size_t idle_connections() const override { return pool_->idle_count(); }
  const std::string& authority() const override { return pool_->origin().authority; }

 private:
  std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace

std::string_view to_string(FetchError error) {
  switch (error) {
    case FetchError::kConnect:
      return "connect";
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kReset:
      return "reset";
    case FetchError::kBadResponse:
      return "bad_response";
    case FetchError::kLengthMismatch:
      return "length_mismatch";
    case FetchError::kTooLarge:
      return "too_large";
    case FetchError::kBadRequest:
      return "bad_request";
  }
  return "connect";
}

std::unique_ptr<OriginClient> OriginClient::create(event_base* loop, std::string_view origin_url,
                                                   const OriginOptions& options,
                                                   metrics::Registry* metrics) {
  auto origin = parse_origin_url(origin_url);
  if (!origin || loop == nullptr) return nullptr;
  return std::make_unique<PooledOriginClient>(
      std::make_shared<ConnectionPool>(loop, std::move(*origin), options, metrics));
}

}  // namespace core::client
