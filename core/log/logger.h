// JSON logs, one object a line. Workers never block on the log: lines go into a bounded queue
// that a writer thread drains to the file (or stderr); when the queue is full a line is
// dropped and counted, never waited for.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>

namespace core::log {

enum class Level : uint8_t { kDebug, kInfo, kWarn, kError };

class Logger {
 public:
  // `path` empty or "-" writes to stderr. Opening failure falls back to stderr and says so.
  Logger(std::string path, Level min_level, size_t max_queued_lines = 65'536);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Adds "ts", "level" and "msg" to `fields` and queues the line. Thread-safe, non-blocking.
  void log(Level level, std::string_view msg, nlohmann::json fields = nlohmann::json::object());
  void info(std::string_view msg, nlohmann::json fields = nlohmann::json::object()) {
    log(Level::kInfo, msg, std::move(fields));
  }
  void warn(std::string_view msg, nlohmann::json fields = nlohmann::json::object()) {
    log(Level::kWarn, msg, std::move(fields));
  }
  void error(std::string_view msg, nlohmann::json fields = nlohmann::json::object()) {
    log(Level::kError, msg, std::move(fields));
  }
  // Queues a pre-built JSON object as is (access log lines). Thread-safe, non-blocking.
  void write(const nlohmann::json& line);
  // Reopens the file (after rotation, on SIGHUP). Thread-safe.
  void reopen();
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  void enqueue(std::string line);
  void run();

  std::string path_;
  Level min_level_;
  size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  bool reopen_ = false;
  std::atomic<uint64_t> dropped_{0};
  std::thread writer_;
};

}  // namespace core::log
