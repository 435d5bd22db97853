// OpenSSL's HMAC, a constant-time comparison, and a map of the signatures accepted within the
// window, pruned as they age out.
#include "core/auth/admin_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

namespace core::auth {

std::string_view to_label(SignatureError error) {
  constexpr std::string_view kLabels[] = {"no_secret", "missing",  "malformed",
                                          "expired",   "mismatch", "replayed"};
  return kLabels[static_cast<size_t>(error)];
}

std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string message;
  message.reserve(timestamp.size() + 1 + body.size());
  message.append(timestamp).append(".").append(body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size_t{length} * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

void add_signature(http::Headers& headers, std::string_view secret, int64_t now_s,
                   std::string_view body) {
  const std::string timestamp = std::to_string(now_s);
  headers.set(kTimestampField, timestamp);
  headers.set(kSignatureField, sign(secret, timestamp, body));
}

std::expected<void, SignatureError> SignatureVerifier::verify(const http::Request& request,
                                                              int64_t now_s) {
  if (secret_.empty()) return std::unexpected(SignatureError::kNoSecret);
  const auto timestamp = request.headers.get(kTimestampField);
  const auto signature = request.headers.get(kSignatureField);
  if (!timestamp || !signature) return std::unexpected(SignatureError::kMissing);
  int64_t when = 0;
  const auto [end, ec] =
      std::from_chars(timestamp->data(), timestamp->data() + timestamp->size(), when);
  if (ec != std::errc() || end != timestamp->data() + timestamp->size() ||
      signature->size() != 64) {
    return std::unexpected(SignatureError::kMalformed);
  }
  if (when > now_s + kWindowSeconds || when < now_s - kWindowSeconds) {
    return std::unexpected(SignatureError::kExpired);
  }
  const std::string expected = sign(secret_, *timestamp, request.body);
  if (CRYPTO_memcmp(expected.data(), signature->data(), expected.size()) != 0) {
    return std::unexpected(SignatureError::kMismatch);
  }
  std::lock_guard lock(mutex_);
  std::erase_if(accepted_,
                [now_s](const auto& entry) { return entry.second < now_s - kWindowSeconds; });
  if (!accepted_.emplace(expected, when).second) return std::unexpected(SignatureError::kReplayed);
  return {};
}

}  // namespace core::auth
