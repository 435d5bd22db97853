// The admin signature against known HMAC-SHA256 vectors (computed independently), and the
// headers a signer adds as a verifier reads them.
#include "core/auth/admin_signature.h"

#include <gtest/gtest.h>

namespace core::auth {
namespace {

TEST(AdminSignature, MatchesKnownVectors) {
  // HMAC-SHA256 of "<timestamp>.<body>": an empty body still brings its '.'.
  EXPECT_EQ(sign("key", "The quick brown fox jumps over the lazy dog", ""),
            "e98139c39d76eb80d8db982552b44b251b94f312987f91ee72d12ef673caa813");
  EXPECT_EQ(sign("s3cret", "1700000000", R"({"hint":"h-1"})"),
            "304ece1f1664fd1c2e4432504157a77b3f6d28a4f80e4edcb1a15a15b230c59a");
}

TEST(AdminSignature, SignedHeadersVerifyOnceThenCountAsReplay) {
  http::Request request;
  request.body = R"({"pop":"eu"})";
  add_signature(request.headers, "s3cret", 1'700'000'000, request.body);
  EXPECT_EQ(request.headers.get(kTimestampField), "1700000000");
  SignatureVerifier verifier("s3cret");
  EXPECT_TRUE(verifier.verify(request, 1'700'000'010));
  EXPECT_EQ(verifier.verify(request, 1'700'000'010).error(), SignatureError::kReplayed);
  SignatureVerifier other("other");
  EXPECT_EQ(other.verify(request, 1'700'000'010).error(), SignatureError::kMismatch);
  EXPECT_EQ(to_label(SignatureError::kExpired), "expired");
}

}  // namespace
}  // namespace core::auth
