// SyncClient: hiredis's blocking context with connect and I/O timeouts; any failure drops the
// connection so the next call starts from a clean one.
#include "core/redis/sync_client.h"

#include <hiredis/hiredis.h>

#include "core/base/timeval.h"

namespace core::redis {

SyncClient::SyncClient(Endpoint endpoint, std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), timeout_(timeout) {}

std::expected<void, Unavailable> SyncClient::connect() {
  context_.reset(
      redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, base::to_timeval(timeout_)));
  if (!context_) return std::unexpected(Unavailable{"out of memory"});
  if (context_->err != 0) {
    Unavailable error{std::string("redis unavailable: ") + context_->errstr};
    context_.reset();
    return std::unexpected(std::move(error));
  }
  redisSetTimeout(context_.get(), base::to_timeval(timeout_));
  std::vector<Command> hello;
  if (!endpoint_.password.empty()) hello.push_back({"AUTH", endpoint_.password});
  if (endpoint_.db != 0) hello.push_back({"SELECT", std::to_string(endpoint_.db)});
  if (hello.empty()) return {};
  // The handshake goes through the same pipeline path, on the connection just made.
  auto replies = pipeline(hello);
  if (!replies) return std::unexpected(replies.error());
  for (const Reply& reply : *replies) {
    if (reply.is_error()) {
      context_.reset();
      return std::unexpected(Unavailable{"redis refused the handshake: " + reply.text});
    }
  }
  return {};
}

PipelineResult SyncClient::pipeline(const std::vector<Command>& commands) {
  if (!context_) {
    if (auto connected = connect(); !connected) return std::unexpected(connected.error());
  }
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const Command& command : commands) {
    argv.clear();
    lengths.clear();
    for (const std::string& arg : command) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
      context_.reset();
      return std::unexpected(Unavailable{"redis: cannot queue a command"});
    }
  }
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_.get(), &raw) != REDIS_OK || raw == nullptr) {
      Unavailable error{std::string("redis connection lost: ") + context_->errstr};
      context_.reset();
      return std::unexpected(std::move(error));
    }
    base::UniqueHandle<void, freeReplyObject> owned(raw);
    replies.push_back(Reply::from(*static_cast<redisReply*>(raw)));
  }
  return replies;
}

}  // namespace core::redis
