// Stream::respond_with: a complete small response through the normal pull-based path.
#include "core/http/stream.h"

#include <string>
#include <utility>

namespace core::http {
namespace {

// Hands the whole body over on the first pull.
class FixedBody final : public Exchange {
 public:
  explicit FixedBody(std::string body) : body_(std::move(body)) {}
  void on_writable(Stream& stream) override {
    stream.write(Chunk::from_string(std::move(body_)), true);
  }

 private:
  std::string body_;
};

}  // namespace

void Stream::respond_with(int status, std::string_view content_type, std::string body) {
  ResponseHead head;
  head.status = status;
  if (!content_type.empty()) head.headers.add("content-type", content_type);
  respond_with(std::move(head), std::move(body));
}

void Stream::respond_with(ResponseHead head, std::string body) {
  head.content_length = body.size();
  bool has_body = !body.empty();
  if (has_body) attach(std::make_unique<FixedBody>(std::move(body)));
  respond(std::move(head), has_body);
}

}  // namespace core::http
