// JSON logs, one object a line. Workers never block on the log: lines go into a bounded queue
// that a writer thread drains to the file (or stderr); when the queue is full a line is
// dropped and counted, never waited for.
#pragma once

#include <atomic>
#include <chrono>
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

// "2024-05-01T12:34:56.789Z": RFC 3339 in UTC with milliseconds, the `ts` of every line.
std::string format_timestamp(std::chrono::system_clock::time_point time);

// "debug", "info", "warn", "error".
std::string_view to_string(Level level);

class Logger {
 public:
  // `path` empty or "-" writes to stderr. Opening failure falls back to stderr and says so.
  Logger(std::string path, Level min_level, size_t max_queued_lines = 65'536);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Queues a line of "ts", "level" and "msg", then `fields`. Thread-safe, non-blocking.
  void log(Level level, std::string_view msg,
           const nlohmann::json& fields = nlohmann::json::object());
  void debug(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(Level::kDebug, msg, fields);
  }
  void info(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(Level::kInfo, msg, fields);
  }
  void warn(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(Level::kWarn, msg, fields);
  }
  void error(std::string_view msg, const nlohmann::json& fields = nlohmann::json::object()) {
    log(Level::kError, msg, fields);
  }
  // Queues a pre-built JSON object as is (access log lines). Thread-safe, non-blocking.
  void write(const nlohmann::json& line);
  // Reopens the file (after rotation, on SIGHUP): lines queued before this call go to the old
  // file, lines queued after it to the new one. Thread-safe, non-blocking.
  void reopen();
  // Lines below `level` are skipped from now on (a reload may change it). Thread-safe.
  void set_min_level(Level level) { min_level_.store(level, std::memory_order_relaxed); }
  // Lines lost: dropped on a full queue or failed to write.
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  // A queued line, or a marker that reopens the file at that point of the stream.
  struct Entry {
    std::string line;
    bool reopen = false;
  };
  void enqueue(std::string line);
  void run();
  void open_file();
  void write_out(std::string_view bytes);

  std::string path_;
  std::atomic<Level> min_level_;
  size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> queue_;
  size_t queued_lines_ = 0;  // entries of queue_ that are lines, bounded by max_queued_
  bool stopping_ = false;
  int fd_ = 2;  // used by the writer thread only (and the constructor, before it starts)
  std::atomic<uint64_t> dropped_{0};
  std::thread writer_;
};

}  // namespace core::log
