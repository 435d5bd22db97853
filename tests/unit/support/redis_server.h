// A real redis-server for tests: started on a free loopback port in a temporary directory,
// stoppable and restartable on the same port, killed with the test.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/redis/reply.h"

namespace testsupport {

class RedisServer {
 public:
  // `extra` are more redis-server arguments ("--appendonly", "yes", ...).
  explicit RedisServer(std::vector<std::string> extra = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts the server (again) and waits until it answers PING; false when it never does.
  bool start();
  // SIGTERM and wait (a clean shutdown) or SIGKILL and wait (a crash).
  void stop();
  void kill();
  // SIGSTOP and SIGCONT: a server that holds connections open and answers nothing meanwhile.
  void pause();
  void resume();

  const core::redis::Endpoint& endpoint() const { return endpoint_; }
  std::string url() const { return core::redis::to_string(endpoint_); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  void signal_and_wait(int signal);

  std::vector<std::string> extra_;
  std::filesystem::path dir_;
  core::redis::Endpoint endpoint_;
  pid_t pid_ = -1;
};

}  // namespace testsupport
