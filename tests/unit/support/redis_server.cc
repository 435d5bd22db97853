// RedisServer: fork and exec of redis-server with persistence off unless asked, PING until up.
#include "tests/unit/support/redis_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/base/unique_handle.h"
#include "core/redis/sync_client.h"

namespace testsupport {
namespace {

uint16_t free_port() {
  core::base::UniqueFd fd(socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

}  // namespace

RedisServer::RedisServer(std::vector<std::string> extra) : extra_(std::move(extra)) {
  std::string pattern = (std::filesystem::temp_directory_path() / "redis-test-XXXXXX").string();
  dir_ = mkdtemp(pattern.data());
  endpoint_.port = free_port();
  start();
}

RedisServer::~RedisServer() {
  kill();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool RedisServer::start() {
  if (pid_ > 0) return true;
  std::vector<std::string> args = {"redis-server",
                                   "--port",
                                   std::to_string(endpoint_.port),
                                   "--bind",
                                   "127.0.0.1",
                                   "--dir",
                                   dir_.string(),
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "no",
                                   "--logfile",
                                   (dir_ / "redis.log").string()};
  args.insert(args.end(), extra_.begin(), extra_.end());
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    // The server dies with the test, even one killed by a sanitizer, and holds none of its
    // output pipes (ctest waits for those to close).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int null = open("/dev/null", O_RDWR);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execvp("redis-server", argv.data());
    _exit(127);
  }
  if (pid_ < 0) {
    pid_ = -1;
    return false;
  }
  core::redis::SyncClient client(endpoint_, std::chrono::milliseconds(500));
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto replies = client.pipeline({{"PING"}});
    if (replies && !replies->front().is_error()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

void RedisServer::stop() {
  signal_and_wait(SIGTERM);
}

void RedisServer::kill() {
  signal_and_wait(SIGKILL);
}

void RedisServer::pause() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void RedisServer::resume() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

void RedisServer::signal_and_wait(int signal) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace testsupport
