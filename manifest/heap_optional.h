// HeapOptional<T>: an optional value kept on the heap, so that an empty one takes one pointer.
// For the parts of the playlist model that few items have: a parse moves every segment into
// its list, and a small segment moves, resets and frees in a few instructions.
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace manifest {

// Used as std::optional<T> is: copies are deep, equality compares the values, and reading an
// empty one is undefined. A move takes the pointer and leaves the source empty.
template <typename T>
class HeapOptional {
 public:
  HeapOptional() = default;
  HeapOptional(std::nullopt_t /*none*/) {}  // NOLINT(google-explicit-constructor): as optional
  HeapOptional(T value)                     // NOLINT(google-explicit-constructor): as optional
      : value_(std::make_unique<T>(std::move(value))) {}
  HeapOptional(const HeapOptional& other)
      : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  HeapOptional(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(const HeapOptional& other) {
    if (!other.value_) {
      value_.reset();
    } else if (value_) {
      *value_ = *other.value_;
    } else {
      value_ = std::make_unique<T>(*other.value_);
    }
    return *this;
  }
  HeapOptional& operator=(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(T value) {
    if (value_) {
      *value_ = std::move(value);
    } else {
      value_ = std::make_unique<T>(std::move(value));
    }
    return *this;
  }
  HeapOptional& operator=(std::nullopt_t /*none*/) {
    value_.reset();
    return *this;
  }
  ~HeapOptional() = default;

  bool has_value() const { return value_ != nullptr; }
  explicit operator bool() const { return value_ != nullptr; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }

  template <typename... Args>
  T& emplace(Args&&... args) {
    value_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *value_;
  }
  // The value, made a default T first when there is none: for adding to a part of it.
  T& ensure() {
    if (!value_) value_ = std::make_unique<T>();
    return *value_;
  }
  void reset() { value_.reset(); }

  friend bool operator==(const HeapOptional& a, const HeapOptional& b) {
    if (!a.value_ || !b.value_) return a.value_ == b.value_;
    return *a.value_ == *b.value_;
  }
  friend bool operator==(const HeapOptional& a, std::nullopt_t /*none*/) { return !a.value_; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace manifest
