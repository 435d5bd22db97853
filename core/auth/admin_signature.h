// Signed admin requests (an edge's POST /_edge/purge and /_edge/prewarm, controld's drain):
// X-Edge-Timestamp is Unix seconds, X-Edge-Signature the lowercase hex HMAC-SHA256, keyed with
// the shared admin secret, of the timestamp, a '.', and the raw body. Refused: a missing or
// wrong signature, a timestamp more than the window away from our clock, and a signature
// already accepted within the window.
#pragma once

#include <cstdint>
#include <expected>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/http/headers.h"
#include "core/http/message.h"

namespace core::auth {

enum class SignatureError : uint8_t {
  kNoSecret,   // "no_secret": no admin secret is configured, so nothing signed is accepted
  kMissing,    // "missing": no timestamp or signature field
  kMalformed,  // "malformed": the timestamp is not digits or the signature not 64 hex digits
  kExpired,    // "expired": the timestamp is outside the window
  kMismatch,   // "mismatch": the signature is wrong
  kReplayed,   // "replayed": accepted once already
};
std::string_view to_label(SignatureError error);

inline constexpr std::string_view kTimestampField = "x-edge-timestamp";
inline constexpr std::string_view kSignatureField = "x-edge-signature";

// The lowercase hex HMAC-SHA256 of `timestamp` "." `body` under `secret`.
std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body);

// Adds the timestamp `now_s` and the signature of `body` to `headers`.
void add_signature(http::Headers& headers, std::string_view secret, int64_t now_s,
                   std::string_view body);

// Thread-safe: one verifier may serve every worker, so a replay on another worker is caught.
class SignatureVerifier {
 public:
  static constexpr int64_t kWindowSeconds = 300;

  explicit SignatureVerifier(std::string secret) : secret_(std::move(secret)) {}
  // Accepts `request` at `now_s` or says why not; an accepted signature is remembered until it
  // leaves the window.
  std::expected<void, SignatureError> verify(const http::Request& request, int64_t now_s);

 private:
  std::string secret_;
  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> accepted_;  // signature -> its timestamp
};

}  // namespace core::auth
