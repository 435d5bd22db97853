// The field lines of a parsed head (or trailer section) as name/value views into the
// caller's buffer. Valid while the caller keeps the message's bytes where they were when the
// parser reported the head complete; the parser stores offsets, so an incomplete head
// survives the buffer moving between calls.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace core::http1 {

struct HeaderField {
  std::string_view name;   // a token, case as received
  std::string_view value;  // OWS trimmed; no CR, LF, NUL or other control except HT
};

class HeaderFields {
 public:
  class Iterator {
   public:
    HeaderField operator*() const { return (*fields_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator==(const Iterator& other) const = default;

   private:
    friend class HeaderFields;
    Iterator(const HeaderFields* fields, size_t index) : fields_(fields), index_(index) {}
    const HeaderFields* fields_;
    size_t index_;
  };

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The i-th field in received order; i < size().
  HeaderField operator[](size_t i) const;
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size_}; }

  // Value of the first field called `name` (ASCII case-insensitive), nullopt if none.
  std::optional<std::string_view> find(std::string_view name) const;
  // How many fields are called `name` (ASCII case-insensitive).
  size_t count(std::string_view name) const;

 private:
  friend class HeadScanner;
  // Offsets from the first byte of the message the parser was given.
  struct Span {
    uint32_t name_begin;
    uint32_t name_size;
    uint32_t value_begin;
    uint32_t value_size;
  };
  static constexpr size_t kInline = 16;

  void clear();
  void add(const Span& span);
  const Span& span(size_t i) const { return i < kInline ? inline_[i] : overflow_[i - kInline]; }

  const char* base_ = nullptr;  // the message's first byte in the last bytes parsed
  size_t size_ = 0;
  std::array<Span, kInline> inline_{};
  std::vector<Span> overflow_;  // keeps its capacity across messages of a connection
};

}  // namespace core::http1
