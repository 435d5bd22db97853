// The IMF-fixdate of RFC 9110 5.6.7 ("Sun, 06 Nov 1994 08:49:37 GMT") for Date headers,
// formatted once per second rather than once per response.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace core::server {

class HttpDate {
 public:
  // The date for `unix_seconds`; valid until the next call.
  std::string_view at(int64_t unix_seconds);

 private:
  int64_t cached_ = -1;
  std::array<char, 32> text_{};
  size_t size_ = 0;
};

}  // namespace core::server
