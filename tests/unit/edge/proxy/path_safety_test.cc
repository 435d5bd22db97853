// Path safety: hostile targets refused with their reason; good ones routed with the video id.
#include "edge/proxy/path_safety.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edge::proxy {
namespace {

const std::vector<std::string> kPrefixes = {"/v/", "/live/"};
constexpr std::string_view kAdmin = "/_edge/";

struct Hostile {
  std::string target;
  PathRejection reason;
};

TEST(PathSafety, HostileTargetsAreRefusedWithTheirReason) {
  const std::vector<Hostile> table = {
      {"/v/../etc/passwd", PathRejection::kDotSegment},
      {"/v/abc/../../secret", PathRejection::kDotSegment},
      {"/v/abc/./seg_0.m4s", PathRejection::kDotSegment},
      {"/v/abc/..", PathRejection::kDotSegment},
      {"/..", PathRejection::kDotSegment},
      {"/v/%2e%2e/secret", PathRejection::kEncodedDot},
      {"/v/%2E%2E/secret", PathRejection::kEncodedDot},
      {"/v/.%2e/secret", PathRejection::kEncodedDot},
      {"/v/abc%2fseg", PathRejection::kEncodedSlash},
      {"/v/abc%2Fseg", PathRejection::kEncodedSlash},
      {"/v/abc%5cseg", PathRejection::kEncodedBackslash},
      {"/v/abc%5Cseg", PathRejection::kEncodedBackslash},
      {"/v/abc%00.m4s", PathRejection::kEncodedNul},
      {"/v/abc%0d%0aX: y", PathRejection::kBadByte},
      {"/v/abc%0d%0a", PathRejection::kEncodedControl},
      {"/v/abc%7f", PathRejection::kEncodedControl},
      {"/v/%252e%252e/x", PathRejection::kEncodedPercent},
      {"/v/abc%", PathRejection::kBadPercent},
      {"/v/abc%2", PathRejection::kBadPercent},
      {"/v/abc%zz", PathRejection::kBadPercent},
      {std::string("/v/abc\0.m4s", 11), PathRejection::kNul},
      {"/v/abc\\..\\x", PathRejection::kBackslash},
      {"/v/abc x", PathRejection::kBadByte},
      {"/v/abc\x7f", PathRejection::kBadByte},
      {"/v/caf\xc3\xa9", PathRejection::kBadByte},
      {"/v//abc/seg_0.m4s", PathRejection::kEmptySegment},
      {"//v/abc", PathRejection::kEmptySegment},
      {"/v/abc//seg", PathRejection::kEmptySegment},
      {"http://evil.example/v/abc/seg_0.m4s", PathRejection::kAbsoluteForm},
      {"HTTPS://evil.example/v/abc", PathRejection::kAbsoluteForm},
      {"*", PathRejection::kNotOriginForm},
      {"evil.example:443", PathRejection::kNotOriginForm},
      {"", PathRejection::kNotOriginForm},
      {"/", PathRejection::kOutsidePrefix},
      {"/etc/passwd", PathRejection::kOutsidePrefix},
      {"/v", PathRejection::kOutsidePrefix},
      {"/vx/abc", PathRejection::kOutsidePrefix},
      {"/_edge", PathRejection::kOutsidePrefix},
      {"/v/", PathRejection::kNoVideo},
      {"/v/?x=1", PathRejection::kNoVideo},
  };
  for (const Hostile& h : table) {
    const auto route = route_target(h.target, kPrefixes, kAdmin);
    ASSERT_FALSE(route.has_value()) << h.target;
    EXPECT_EQ(route.error(), h.reason) << h.target << " gave " << to_label(route.error());
  }
}

TEST(PathSafety, ContentPathsAreRoutedWithTheirVideo) {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"/v/abc123/master.m3u8", "abc123"},
      {"/v/abc123/720p/seg_12.m4s", "abc123"},
      {"/v/abc123", "abc123"},
      {"/v/abc123/", "abc123"},
      {"/v/a.b-c_d/thumb.jpg", "a.b-c_d"},
      {"/v/abc/seg_0.m4s?CMCD=br%3D3200%2Cbs", "abc"},
      {"/v/abc/seg_0.m4s?x=../..", "abc"},
      {"/v/my%20clip/index.m3u8", "my%20clip"},
      {"/live/stream9/index.m3u8", "stream9"},
  };
  for (const auto& [target, video] : table) {
    const auto route = route_target(target, kPrefixes, kAdmin);
    ASSERT_TRUE(route.has_value()) << target << ": " << to_label(route.error());
    EXPECT_EQ(route->kind, Route::Kind::kContent);
    EXPECT_EQ(route->video, video) << target;
  }
  EXPECT_EQ(route_target("/live/x/y", kPrefixes, kAdmin)->prefix, "/live/");
}

TEST(PathSafety, AdminPrefixIsRoutedButStillChecked) {
  const auto route = route_target("/_edge/stats?hint=h-1", kPrefixes, kAdmin);
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->kind, Route::Kind::kAdmin);
  EXPECT_EQ(route_target("/_edge/../v/x", kPrefixes, kAdmin).error(), PathRejection::kDotSegment);
  EXPECT_EQ(route_target("/_edge/x", kPrefixes, "").error(), PathRejection::kOutsidePrefix);
}

TEST(PathSafety, EveryReasonHasADistinctLabel) {
  std::vector<std::string_view> labels;
  for (size_t i = 0; i < kPathRejectionCount; ++i) {
    labels.push_back(to_label(static_cast<PathRejection>(i)));
  }
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(std::unique(labels.begin(), labels.end()), labels.end());
}

}  // namespace
}  // namespace edge::proxy
