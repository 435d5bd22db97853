// H2Fetcher: the connection is made at the first request and again after it fails.
#include "bench/swipebench/replay/h2_fetcher.h"

#include "bench/swipebench/replay/h2_connection.h"

namespace swipebench::replay {
namespace {

class H2Handle final : public FetchHandle {
 public:
  H2Handle(std::weak_ptr<H2Connection> connection, uint64_t id)
      : connection_(std::move(connection)), id_(id) {}
  ~H2Handle() override {
    if (auto c = connection_.lock()) c->cancel(id_);
  }

 private:
  std::weak_ptr<H2Connection> connection_;
  uint64_t id_;
};

}  // namespace

H2Fetcher::H2Fetcher(event_base* loop, std::string target_url, ConnectionOptions options)
    : loop_(loop), target_url_(std::move(target_url)), options_(std::move(options)) {}

H2Fetcher::~H2Fetcher() = default;

std::unique_ptr<H2Fetcher> H2Fetcher::create(event_base* loop, const std::string& target_url,
                                             const ConnectionOptions& options, std::string& error) {
  if (auto parsed = core::client::parse_origin_url(target_url); !parsed) {
    error = parsed.error();
    return nullptr;
  }
  return std::unique_ptr<H2Fetcher>(new H2Fetcher(loop, target_url, options));
}

std::unique_ptr<FetchHandle> H2Fetcher::get(std::string target, bool keep_body, FetchDone done) {
  if (!connection_ || !connection_->usable()) {
    connection_ = std::make_shared<H2Connection>(
        loop_, *core::client::parse_origin_url(target_url_), options_);
    connection_->open();
  }
  uint64_t id = connection_->submit(target, keep_body, std::move(done));
  return std::make_unique<H2Handle>(connection_, id);
}

}  // namespace swipebench::replay
