// detect_cleartext: a prefix comparison against the HTTP/2 connection preface.
#include "core/server/protocol_detect.h"

#include <algorithm>

namespace core::server {

Detected detect_cleartext(std::string_view first_bytes) {
  const size_t n = std::min(first_bytes.size(), kHttp2Preface.size());
  if (first_bytes.substr(0, n) != kHttp2Preface.substr(0, n)) return Detected::kHttp1;
  return n == kHttp2Preface.size() ? Detected::kHttp2 : Detected::kNeedMore;
}

}  // namespace core::server
