// A stream that waits for Redis: the guard is cleared when the exchange ends (client gone,
// stream reset), so a late answer is dropped instead of written to a dead stream.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "core/http/stream.h"

namespace control::api {

// Attaches a guard to `stream`; the returned function runs `answer` on the stream while it is
// still there.
inline std::function<void(const std::function<void(core::http::Stream&)>&)> guard(
    core::http::Stream& stream) {
  struct Slot {
    core::http::Stream* stream;
  };
  class Guard final : public core::http::Exchange {
   public:
    explicit Guard(std::shared_ptr<Slot> slot) : slot_(std::move(slot)) {}
    ~Guard() override { slot_->stream = nullptr; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    void on_writable(core::http::Stream&) override {}

   private:
    std::shared_ptr<Slot> slot_;
  };
  auto slot = std::make_shared<Slot>(Slot{&stream});
  stream.attach(std::make_unique<Guard>(slot));
  return [slot](const std::function<void(core::http::Stream&)>& answer) {
    if (slot->stream != nullptr) answer(*slot->stream);
  };
}

}  // namespace control::api
