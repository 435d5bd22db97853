// Threads for blocking file work (a cache's writes, reads and opens for sendfile, an upload's
// appends), so that no event loop ever waits on the disk.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace core::base {

class DiskIo {
 public:
  explicit DiskIo(int threads);
  // Runs every task still queued, then joins.
  ~DiskIo();
  DiskIo(const DiskIo&) = delete;
  DiskIo& operator=(const DiskIo&) = delete;

  // Any thread; tasks run in FIFO order on some I/O thread.
  void post(std::function<void()> task);
  // Returns once no task is queued or running.
  void wait_idle();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> tasks_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace core::base
