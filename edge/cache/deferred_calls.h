// Callbacks of an ObjectFetch must never run inside start() or resume(), and must never run
// after the fetch is gone. A fetch posts its next step to its loop's mailbox through this
// guard: steps posted before the fetch was destroyed are dropped when they come up.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "core/server/mailbox.h"

namespace edge::cache {

class DeferredCalls {
 public:
  explicit DeferredCalls(std::shared_ptr<core::server::Mailbox> mailbox)
      : mailbox_(std::move(mailbox)), alive_(std::make_shared<char>()) {}
  DeferredCalls(const DeferredCalls&) = delete;
  DeferredCalls& operator=(const DeferredCalls&) = delete;

  // Runs `step` on the loop soon, unless the owner is destroyed first.
  void post(std::function<void()> step) {
    mailbox_->post([alive = std::weak_ptr<char>(alive_), step = std::move(step)] {
      if (alive.lock()) step();
    });
  }
  // The same guard for a callback that arrives through the mailbox from another thread (a
  // disk read, a fill's wake): it does nothing once the owner is gone.
  template <typename Step>
  auto guard(Step step) const {
    return [alive = std::weak_ptr<char>(alive_), step = std::move(step)](auto&&... args) mutable {
      if (alive.lock()) step(std::forward<decltype(args)>(args)...);
    };
  }
  // Expires when the owner is destroyed: lets a step make a second observer call only when the
  // first did not end the fetch.
  std::weak_ptr<char> watch() const { return alive_; }
  const std::shared_ptr<core::server::Mailbox>& mailbox() const { return mailbox_; }

 private:
  std::shared_ptr<core::server::Mailbox> mailbox_;
  std::shared_ptr<char> alive_;
};

}  // namespace edge::cache
