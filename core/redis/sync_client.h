// A blocking Redis connection for threads that are not event loops (background refreshers,
// command-line tools): pipelines with a timeout, reconnecting on the next call after a failure.
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <expected>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/redis/async_client.h"
#include "core/redis/reply.h"

namespace core::redis {

class SyncClient {
 public:
  explicit SyncClient(Endpoint endpoint,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(2'000));

  // Sends `commands` as one pipeline and waits for every reply.
  PipelineResult pipeline(const std::vector<Command>& commands);

 private:
  std::expected<void, Unavailable> connect();

  Endpoint endpoint_;
  std::chrono::milliseconds timeout_;
  base::UniqueHandle<redisContext, redisFree> context_;
};

}  // namespace core::redis
