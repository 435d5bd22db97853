// A Redis connection owned by one event loop (hiredis's async API on libevent): commands go
// out as pipelines and each pipeline's replies come back together. The loop never waits on
// Redis: a connection that is down fails commands at once while it reconnects with backoff,
// and a pipeline that outlives its timeout drops the connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/redis/reply.h"

struct event_base;

namespace core::redis {

struct ClientOptions {
  std::chrono::milliseconds command_timeout{500};
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5'000};
};

// Why a pipeline got no replies: Redis is down or the connection broke or timed out.
struct Unavailable {
  std::string reason;
};

using PipelineResult = std::expected<std::vector<Reply>, Unavailable>;
using PipelineDone = std::function<void(PipelineResult)>;

class AsyncClient {
 public:
  // Starts connecting on `loop`, which must outlive the client. Loop thread only from here on.
  AsyncClient(event_base* loop, Endpoint endpoint, ClientOptions options = {});
  ~AsyncClient();
  AsyncClient(const AsyncClient&) = delete;
  AsyncClient& operator=(const AsyncClient&) = delete;

  // Sends `commands` as one pipeline. `done` runs on the loop thread, later, never inside
  // this call, with one reply per command (a Redis error is a kError reply, not a failure).
  // Destroying the client drops the callbacks of pipelines still in flight; a callback must
  // not destroy the client.
  void send(std::vector<Command> commands, PipelineDone done);
  // Connected, or connecting for the first time after a wait: commands are accepted.
  bool available() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace core::redis
