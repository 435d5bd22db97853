// The logger's output: JSON lines in order, drops counted on a full queue, reopen after a
// rename, and the timestamp format.
#include "core/log/logger.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace core::log {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "logtest.XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const char* name) const { return (std::filesystem::path(path_) / name); }

 private:
  std::string path_;
};

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

TEST(Logger, LinesArriveInOrderAsJson) {
  TempDir dir;
  std::string path = dir.file("edged.log");
  {
    Logger logger(path, Level::kInfo);
    for (int i = 0; i < 500; ++i)
      logger.info("request", {{"n", i}, {"path", "/v/x"}});
    logger.debug("skipped below the level");
    logger.write({{"status", 200}});
  }
  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 501u);
  for (int i = 0; i < 500; ++i) {
    auto json = nlohmann::json::parse(lines[static_cast<size_t>(i)]);
    EXPECT_EQ(json["n"], i);
    EXPECT_EQ(json["level"], "info");
    EXPECT_EQ(json["msg"], "request");
    EXPECT_EQ(json["path"], "/v/x");
    EXPECT_EQ(lines[static_cast<size_t>(i)].rfind("{\"ts\":\"", 0), 0u);  // ts comes first
  }
  EXPECT_EQ(nlohmann::json::parse(lines[500]), nlohmann::json({{"status", 200}}));
}

TEST(Logger, InvalidUtf8IsReplacedNotThrown) {
  TempDir dir;
  std::string path = dir.file("edged.log");
  {
    Logger logger(path, Level::kDebug);
    logger.warn("bad \xff byte", {{"path", std::string("/v/\xfe")}, {"msg", "overridden"}});
  }
  auto lines = read_lines(path);
  ASSERT_EQ(lines.size(), 1u);
  auto json = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(json["level"], "warn");
  EXPECT_EQ(json["msg"], "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(json["path"], "/v/\xEF\xBF\xBD");
}

TEST(Logger, TimestampIsRfc3339UtcWithMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(format_timestamp(system_clock::time_point(milliseconds(1'714'566'896'789))),
            "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(format_timestamp(system_clock::time_point(milliseconds(0))),
            "1970-01-01T00:00:00.000Z");
  TempDir dir;
  std::string path = dir.file("edged.log");
  { Logger(path, Level::kInfo).info("x"); }
  std::string ts = nlohmann::json::parse(read_lines(path).at(0))["ts"];
  ASSERT_EQ(ts.size(), 24u);
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts[19], '.');
  EXPECT_EQ(ts[23], 'Z');
}

// The writer blocks on a pipe nobody reads yet, so the queue fills: every line is either
// written or counted as dropped.
TEST(Logger, FullQueueDropsAndCounts) {
  TempDir dir;
  std::string fifo = dir.file("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  constexpr uint64_t kLines = 2000;
  std::string payload(1000, 'x');
  std::string received;
  std::thread drain;
  uint64_t dropped = 0;
  {
    Logger logger(fifo, Level::kInfo, 8);
    // A pipe holds about 64 KiB: some 60 of these lines, plus 8 queued and one batch in hand.
    for (uint64_t i = 0; i < kLines; ++i)
      logger.info("fill", {{"n", i}, {"payload", payload}});
    dropped = logger.dropped();
    EXPECT_GT(dropped, 0u);
    ::fcntl(reader, F_SETFL, 0);
    drain = std::thread([&] {
      char buffer[65536];
      for (ssize_t n; (n = ::read(reader, buffer, sizeof buffer)) > 0;) {
        received.append(buffer, static_cast<size_t>(n));
      }
    });
  }  // the destructor writes what is queued and closes the pipe: the reader sees EOF
  drain.join();
  ::close(reader);
  uint64_t lines = 0;
  int64_t last = -1;
  for (size_t start = 0, end; (end = received.find('\n', start)) != std::string::npos;
       start = end + 1) {
    auto json = nlohmann::json::parse(received.substr(start, end - start));
    EXPECT_GT(json["n"].get<int64_t>(), last);  // what survives keeps its order
    last = json["n"].get<int64_t>();
    ++lines;
  }
  EXPECT_EQ(lines + dropped, kLines);
}

TEST(Logger, ReopenAfterRenameWritesToTheNewFile) {
  TempDir dir;
  std::string path = dir.file("edged.log");
  std::string rotated = dir.file("edged.log.1");
  {
    Logger logger(path, Level::kInfo);
    logger.info("before");
    // Wait until "before" is on disk before renaming, as logrotate would find it.
    for (int i = 0; i < 2000 && read_lines(path).empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::filesystem::rename(path, rotated);
    logger.info("still old");
    logger.reopen();
    logger.info("after");
  }
  auto old_lines = read_lines(rotated);
  auto new_lines = read_lines(path);
  ASSERT_EQ(old_lines.size(), 2u);
  ASSERT_EQ(new_lines.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(old_lines[0])["msg"], "before");
  EXPECT_EQ(nlohmann::json::parse(old_lines[1])["msg"], "still old");
  EXPECT_EQ(nlohmann::json::parse(new_lines[0])["msg"], "after");
}

// stderr is swapped for a pipe around the logger's lifetime to see where its lines go.
TEST(Logger, UnopenableFileFallsBackToStderrAndSaysSo) {
  TempDir dir;
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  ::fflush(stderr);
  int saved_stderr = ::dup(2);
  ::dup2(pipe_fds[1], 2);
  {
    Logger logger(dir.file("missing/edged.log"), Level::kInfo);
    logger.info("goes to stderr");
  }
  ::dup2(saved_stderr, 2);
  ::close(saved_stderr);
  ::close(pipe_fds[1]);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  auto newline = out.find('\n');
  ASSERT_NE(newline, std::string::npos);
  auto warning = nlohmann::json::parse(out.substr(0, newline));
  EXPECT_EQ(warning["level"], "warn");
  EXPECT_NE(warning["path"].get<std::string>().find("missing/edged.log"), std::string::npos);
  auto line =
      nlohmann::json::parse(out.substr(newline + 1, out.find('\n', newline + 1) - newline - 1));
  EXPECT_EQ(line["msg"], "goes to stderr");
}

}  // namespace
}  // namespace core::log
