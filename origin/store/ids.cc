// Base62 ids from getrandom(2), with rejection sampling so every character is equally likely.
#include "origin/store/ids.h"

#include <sys/random.h>

#include <array>
#include <cstdint>

namespace origin::store {
namespace {

constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// 248 = 4 * 62: bytes at or above it would favour the first characters.
constexpr uint8_t kRejectFrom = 248;

bool is_alphabet(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

std::string new_id() {
  std::string id;
  id.reserve(kIdLength);
  std::array<uint8_t, 32> bytes{};
  while (id.size() < kIdLength) {
    ssize_t got = ::getrandom(bytes.data(), bytes.size(), 0);
    for (ssize_t i = 0; i < got && id.size() < kIdLength; ++i) {
      if (bytes[static_cast<size_t>(i)] < kRejectFrom) {
        id.push_back(kAlphabet[bytes[static_cast<size_t>(i)] % kAlphabet.size()]);
      }
    }
  }
  return id;
}

bool is_valid_id(std::string_view text) {
  if (text.size() != kIdLength) return false;
  for (char c : text) {
    if (!is_alphabet(c)) return false;
  }
  return true;
}

}  // namespace origin::store
