// Logger: callers format their line and append it to a bounded queue under a short lock; the
// writer thread swaps the whole queue out and writes it with one write(2) per batch.
#include "core/log/logger.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <system_error>
#include <utility>

namespace core::log {
namespace {

constexpr int kStderr = 2;

// Invalid UTF-8 in a value (a request path, a header) is replaced, never thrown about.
std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// ts, level and msg first, for people reading the file; the caller's fields follow.
std::string format_line(Level level, std::string_view msg, const nlohmann::json& fields) {
  std::string line = "{\"ts\":\"";
  line += format_timestamp(std::chrono::system_clock::now());
  line += "\",\"level\":\"";
  line += to_string(level);
  line += "\",\"msg\":";
  line += dump(nlohmann::json(std::string(msg)));
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      if (key == "ts" || key == "level" || key == "msg") continue;
      line += ',';
      line += dump(nlohmann::json(key));
      line += ':';
      line += dump(value);
    }
  } else if (!fields.is_null()) {
    line += ",\"fields\":";
    line += dump(fields);
  }
  line += '}';
  return line;
}

// A warning about the logger itself, written straight out by the writer thread.
std::string self_warning(std::string_view msg, std::string_view path, int error) {
  nlohmann::json fields = {{"path", path},
                           {"error", std::error_code(error, std::generic_category()).message()}};
  return format_line(Level::kWarn, msg, fields) + "\n";
}

}  // namespace

Logger::Logger(std::string path, Level min_level, size_t max_queued_lines)
    : path_(std::move(path)), min_level_(min_level), max_queued_(max_queued_lines) {
  open_file();
  writer_ = std::thread([this] { run(); });
}

Logger::~Logger() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
  if (fd_ != kStderr) ::close(fd_);
}

void Logger::log(Level level, std::string_view msg, const nlohmann::json& fields) {
  if (level < min_level_.load(std::memory_order_relaxed)) return;
  enqueue(format_line(level, msg, fields));
}

void Logger::write(const nlohmann::json& line) {
  enqueue(dump(line));
}

void Logger::reopen() {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({{}, true});
  }
  wake_.notify_one();
}

void Logger::enqueue(std::string line) {
  {
    std::lock_guard lock(mutex_);
    if (queued_lines_ >= max_queued_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back({std::move(line), false});
    ++queued_lines_;
  }
  wake_.notify_one();
}

void Logger::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    std::deque<Entry> batch;
    batch.swap(queue_);
    queued_lines_ = 0;
    lock.unlock();
    std::string buffer;
    for (Entry& entry : batch) {
      if (entry.reopen) {
        write_out(buffer);
        buffer.clear();
        open_file();
        continue;
      }
      buffer += entry.line;
      buffer += '\n';
    }
    write_out(buffer);
    lock.lock();
  }
}

void Logger::open_file() {
  if (path_.empty() || path_ == "-") {
    fd_ = kStderr;
    return;
  }
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    int error = errno;
    // The first open falls back to stderr; a failed reopen keeps writing where it was.
    bool first = fd_ == kStderr;
    write_out(self_warning(first ? "cannot open log file, logging to stderr"
                                 : "cannot reopen log file, keeping the old one",
                           path_, error));
    return;
  }
  if (fd_ != kStderr) ::close(fd_);
  fd_ = fd;
}

void Logger::write_out(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The lines of this batch that did not make it.
      uint64_t lost = 0;
      for (char c : bytes)
        lost += c == '\n' ? 1 : 0;
      dropped_.fetch_add(lost, std::memory_order_relaxed);
      return;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace core::log
