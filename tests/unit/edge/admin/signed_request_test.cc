// Signed admin requests: a good signature once, then every way to be refused.
#include "edge/admin/signed_request.h"

#include <gtest/gtest.h>

namespace edge::admin {
namespace {

core::http::Request signed_request(std::string_view secret, int64_t when, std::string body) {
  core::http::Request request;
  request.method = "POST";
  request.body = std::move(body);
  const std::string timestamp = std::to_string(when);
  request.headers.add("x-edge-timestamp", timestamp);
  request.headers.add("x-edge-signature", sign(secret, timestamp, request.body));
  return request;
}

TEST(SignedRequest, KnownVector) {
  // Computed independently: printf '1700000000.{...}' | openssl dgst -sha256 -hmac s3cret
  EXPECT_EQ(sign("s3cret", "1700000000", R"({"keys":["/v/v42/360p/seg_0.m4s"]})"),
            "d36b4ee84a9bf84dd9fc6e9645cdba2286f9d2a3787a432314518cd525d91e34");
  EXPECT_NE(sign("key", "ts", "body"), sign("key", "ts", "bodY"));
  EXPECT_NE(sign("key", "t", "s.body"), sign("key", "ts", "body"));
}

TEST(SignedRequest, AcceptsOnceThenRefusesTheReplay) {
  SignatureVerifier verifier("s3cret");
  const auto request = signed_request("s3cret", 1000, R"({"keys":["/v/a/x"]})");
  EXPECT_TRUE(verifier.verify(request, 1000));
  EXPECT_EQ(verifier.verify(request, 1001).error(), SignatureError::kReplayed);
}

TEST(SignedRequest, RefusesEveryBadForm) {
  SignatureVerifier verifier("s3cret");
  EXPECT_EQ(verifier.verify(signed_request("other", 1000, "{}"), 1000).error(),
            SignatureError::kMismatch);
  EXPECT_EQ(verifier.verify(signed_request("s3cret", 1000, "{}"), 1301).error(),
            SignatureError::kExpired);
  EXPECT_EQ(verifier.verify(signed_request("s3cret", 1400, "{}"), 1000).error(),
            SignatureError::kExpired);
  core::http::Request tampered = signed_request("s3cret", 1000, "{}");
  tampered.body = "{ }";
  EXPECT_EQ(verifier.verify(tampered, 1000).error(), SignatureError::kMismatch);
  core::http::Request bare;
  EXPECT_EQ(verifier.verify(bare, 1000).error(), SignatureError::kMissing);
  core::http::Request bad = signed_request("s3cret", 1000, "{}");
  bad.headers.set("x-edge-timestamp", "10x0");
  EXPECT_EQ(verifier.verify(bad, 1000).error(), SignatureError::kMalformed);
  SignatureVerifier none("");
  EXPECT_EQ(none.verify(signed_request("", 1000, "{}"), 1000).error(), SignatureError::kNoSecret);
}

}  // namespace
}  // namespace edge::admin
