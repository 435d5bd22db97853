// Blocking work for a request: it runs on the service's pool and its result comes back to the
// stream's loop through the worker's mailbox, where it is dropped if the client has gone.
#pragma once

#include <memory>
#include <utility>

#include "core/http/stream.h"
#include "core/server/mailbox.h"
#include "origin/api/service.h"

namespace origin::api {

// The stream while its exchange lives; null once the exchange is gone. Loop thread only.
struct StreamGuard {
  core::http::Stream* stream = nullptr;
};

// Attached while the work runs: its destruction (client gone, stream reset) clears the guard.
class GuardExchange final : public core::http::Exchange {
 public:
  explicit GuardExchange(std::shared_ptr<StreamGuard> guard) : guard_(std::move(guard)) {}
  ~GuardExchange() override { guard_->stream = nullptr; }
  GuardExchange(const GuardExchange&) = delete;
  GuardExchange& operator=(const GuardExchange&) = delete;
  // Never asked for a body: responses replace this exchange or have none.
  void on_writable(core::http::Stream& stream) override { stream.write({}, true); }

 private:
  std::shared_ptr<StreamGuard> guard_;
};

// Runs `work()` on the pool, then `done(stream, result)` on the loop if the stream still
// exists. The result must be copyable (it crosses std::function).
template <typename Work, typename Done>
void offload(core::http::Stream& stream, Service& service,
             std::shared_ptr<core::server::Mailbox> mailbox, Work work, Done done) {
  auto guard = std::make_shared<StreamGuard>(StreamGuard{&stream});
  stream.attach(std::make_unique<GuardExchange>(guard));
  service.pool().post([guard, mailbox = std::move(mailbox), work = std::move(work),
                       done = std::move(done)]() mutable {
    auto result = work();
    mailbox->post([guard, done = std::move(done), result = std::move(result)]() mutable {
      if (guard->stream != nullptr) done(*guard->stream, std::move(result));
    });
  });
}

}  // namespace origin::api
