#include "bench/swipebench/replay/fetcher_factory.h"

#include "bench/swipebench/replay/h2_fetcher.h"

namespace swipebench::replay {

std::string_view to_string(FetchFailure failure) {
  switch (failure) {
    case FetchFailure::kConnect:
      return "connect";
    case FetchFailure::kTimeout:
      return "timeout";
    case FetchFailure::kReset:
      return "reset";
    case FetchFailure::kBadResponse:
      return "bad_response";
  }
  return "unknown";
}

std::expected<std::unique_ptr<Fetcher>, std::string> make_fetcher(
    event_base* loop, const std::string& target_url, bool http2, const ConnectionOptions& options) {
  std::string error;
  if (http2) {
    auto h2 = H2Fetcher::create(loop, target_url, options, error);
    if (!h2) return std::unexpected(error);
    return std::unique_ptr<Fetcher>(std::move(h2));
  }
  auto h1 = H1Fetcher::create(loop, target_url, options, error);
  if (!h1) return std::unexpected(error);
  return std::unique_ptr<Fetcher>(std::move(h1));
}

}  // namespace swipebench::replay
