// Runs an event loop until a callback has delivered its value; the bound only keeps a broken
// test from hanging, nothing measures it.
#pragma once

#include <event2/event.h>

#include <chrono>
#include <optional>
#include <thread>

#include "core/base/unique_handle.h"

namespace control::testing {

class LoopRunner {
 public:
  event_base* loop() const { return loop_.get(); }

  // Calls `start(done)` and loops until `done(value)` ran; nullopt on giving up.
  template <typename T, typename Start>
  std::optional<T> run(Start start) {
    std::optional<T> value;
    start([&value](T v) { value.emplace(std::move(v)); });
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!value && std::chrono::steady_clock::now() < give_up)
      event_base_loop(loop_.get(), EVLOOP_ONCE | EVLOOP_NONBLOCK);
    return value;
  }

 private:
  core::base::UniqueHandle<event_base, event_base_free> loop_{event_base_new()};
};

}  // namespace control::testing
