// One RAII wrapper for every C handle (event_base, SSL, MDB_txn, AVFormatContext, ...):
// UniqueHandle<T, free_fn> owns a T* and calls free_fn on it exactly once.
#pragma once

#include <memory>

namespace core::base {

template <auto FreeFn>
struct HandleDeleter {
  template <typename T>
  void operator()(T* handle) const noexcept {
    FreeFn(handle);
  }
};

template <typename T, auto FreeFn>
using UniqueHandle = std::unique_ptr<T, HandleDeleter<FreeFn>>;

// A file descriptor owned by value; closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  // Gives up ownership without closing.
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

}  // namespace core::base
