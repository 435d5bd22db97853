// Stream::respond_with and respond_shared: a complete response through the normal pull-based
// path.
#include "core/http/stream.h"

#include <string>
#include <utility>

namespace core::http {
namespace {

// Hands the whole body over on the first pull.
class FixedBody final : public Exchange {
 public:
  explicit FixedBody(Chunk body) : body_(std::move(body)) {}
  void on_writable(Stream& stream) override { stream.write(std::move(body_), true); }

 private:
  Chunk body_;
};

void respond_whole(Stream& stream, ResponseHead head, Chunk body) {
  head.content_length = body.size();
  const bool has_body = body.size() > 0;
  if (has_body) stream.attach(std::make_unique<FixedBody>(std::move(body)));
  stream.respond(std::move(head), has_body);
}

}  // namespace

void Stream::respond_with(int status, std::string_view content_type, std::string body) {
  ResponseHead head;
  head.status = status;
  if (!content_type.empty()) head.headers.add("content-type", content_type);
  respond_with(std::move(head), std::move(body));
}

void Stream::respond_with(ResponseHead head, std::string body) {
  respond_whole(*this, std::move(head), Chunk::from_string(std::move(body)));
}

void Stream::respond_shared(const SharedHead& head, std::span<const Header> extra, Chunk body) {
  ResponseHead whole;
  whole.status = head.status;
  whole.headers = head.headers;
  for (const Header& field : extra)
    whole.headers.add(field.name, field.value);
  respond_whole(*this, std::move(whole), std::move(body));
}

}  // namespace core::http
