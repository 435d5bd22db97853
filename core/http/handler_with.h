// A handler that owns something living on its worker's loop for as long as the handler chain
// does (a background task such as a warm runner or health checks), and passes every request
// on. The companion is destroyed first, while what it uses through `next` is still there.
#pragma once

#include <memory>

#include "core/http/stream.h"

namespace core::http {

template <typename Companion>
class HandlerWith final : public Handler {
 public:
  HandlerWith(std::unique_ptr<Handler> next, std::unique_ptr<Companion> companion)
      : next_(std::move(next)), companion_(std::move(companion)) {}
  void on_request(Stream& stream) override { next_->on_request(stream); }

 private:
  std::unique_ptr<Handler> next_;
  std::unique_ptr<Companion> companion_;
};

}  // namespace core::http
