// resolve_uri against the examples of RFC 3986 section 5.4, and relative_uri as its inverse.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "manifest/rewrite.h"

namespace manifest {
namespace {

constexpr const char* kRfcBase = "http://a/b/c/d;p?q";

using Case = std::pair<const char*, const char*>;

TEST(UriResolveTest, Rfc3986NormalExamples) {
  const std::vector<Case> cases = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
  };
  for (const auto& [reference, expected] : cases) {
    EXPECT_EQ(resolve_uri(kRfcBase, reference), expected) << "reference " << reference;
  }
}

TEST(UriResolveTest, Rfc3986AbnormalExamples) {
  const std::vector<Case> cases = {
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},  // strict parsers keep the scheme
  };
  for (const auto& [reference, expected] : cases) {
    EXPECT_EQ(resolve_uri(kRfcBase, reference), expected) << "reference " << reference;
  }
}

TEST(UriResolveTest, PlaylistUrls) {
  const char* master = "https://origin.example:8443/v/v42/master.m3u8?token=abc";
  EXPECT_EQ(resolve_uri(master, "360p/index.m3u8"),
            "https://origin.example:8443/v/v42/360p/index.m3u8");
  EXPECT_EQ(resolve_uri(master, "../v43/master.m3u8"),
            "https://origin.example:8443/v/v43/master.m3u8");
  EXPECT_EQ(resolve_uri(master, "seg_0.m4s?part=1"),
            "https://origin.example:8443/v/v42/seg_0.m4s?part=1");
  EXPECT_EQ(resolve_uri(master, "https://cdn.example/x.ts"), "https://cdn.example/x.ts");
  EXPECT_EQ(resolve_uri(master, "//cdn.example/x.ts"), "https://cdn.example/x.ts");
  EXPECT_EQ(resolve_uri(master, "skd://key-1"), "skd://key-1");
  EXPECT_EQ(resolve_uri(master, "data:text/plain,hello"), "data:text/plain,hello");
}

TEST(UriResolveTest, BaseWithoutPathOrScheme) {
  EXPECT_EQ(resolve_uri("http://a", "g"), "http://a/g");
  EXPECT_EQ(resolve_uri("http://a?q", ""), "http://a?q");
  // The edge knows only the request path of a playlist; resolution works on it too.
  EXPECT_EQ(resolve_uri("/v/v42/master.m3u8", "360p/index.m3u8"), "/v/v42/360p/index.m3u8");
  EXPECT_EQ(resolve_uri("master.m3u8", "360p/../720p/index.m3u8"), "720p/index.m3u8");
}

TEST(UriResolveTest, ColonInFirstSegmentIsNotAScheme) {
  // "1:x" cannot be a scheme (it must start with a letter), so it is a path.
  EXPECT_EQ(resolve_uri("http://a/b/c", "1:x.ts"), "http://a/b/1:x.ts");
  EXPECT_EQ(resolve_uri("http://a/b/c", "clip 1:a.ts"), "http://a/b/clip 1:a.ts");
}

TEST(UriRelativeTest, SameDirectoryAndBelow) {
  const char* base = "http://a/v/1/master.m3u8";
  EXPECT_EQ(relative_uri(base, "http://a/v/1/360p/index.m3u8"), "360p/index.m3u8");
  EXPECT_EQ(relative_uri(base, "http://a/v/1/seg.ts?token=1#t=2"), "seg.ts?token=1#t=2");
  EXPECT_EQ(relative_uri(base, "http://a/v/1/master.m3u8"), "master.m3u8");
}

TEST(UriRelativeTest, AboveTheBase) {
  const char* base = "http://a/v/1/360p/index.m3u8";
  EXPECT_EQ(relative_uri(base, "http://a/v/1/720p/index.m3u8"), "../720p/index.m3u8");
  EXPECT_EQ(relative_uri(base, "http://a/v/2/init.mp4"), "../../2/init.mp4");
  EXPECT_EQ(relative_uri(base, "http://a/"), "../../../");
}

TEST(UriRelativeTest, PathsThatNeedADotPrefix) {
  const char* base = "http://a/v/1/master.m3u8";
  EXPECT_EQ(relative_uri(base, "http://a/v/1/"), "./");
  EXPECT_EQ(relative_uri(base, "http://a/v/1/a:b.ts"), "./a:b.ts");
  EXPECT_EQ(relative_uri(base, "http://a/v/1//x.ts"), ".//x.ts");
}

TEST(UriRelativeTest, OtherOriginsStayAbsolute) {
  const char* base = "http://a/v/1/master.m3u8";
  EXPECT_EQ(relative_uri(base, "https://a/v/1/x.ts"), "https://a/v/1/x.ts");
  EXPECT_EQ(relative_uri(base, "http://b/v/1/x.ts"), "http://b/v/1/x.ts");
  EXPECT_EQ(relative_uri(base, "http://a:8080/v/1/x.ts"), "http://a:8080/v/1/x.ts");
  EXPECT_EQ(relative_uri(base, "x.ts"), "x.ts");
  EXPECT_EQ(relative_uri(base, "http://a"), "http://a");
  EXPECT_EQ(relative_uri("urn:a:b", "urn:a:c"), "urn:a:c");
}

TEST(UriRelativeTest, SchemeAndHostCompareWithoutCase) {
  EXPECT_EQ(
      relative_uri("http://Edge.Example:8443/v/1/m.m3u8", "HTTP://edge.example:8443/v/1/x.ts"),
      "x.ts");
}

TEST(UriRelativeTest, BaseEndingInDotDotKeepsItsDirectory) {
  // Resolution drops the last segment ".." before removing dot segments: the base
  // directory of "http://a/b/c/.." is /b/c/, not /.
  EXPECT_EQ(relative_uri("http://a/b/c/..", "http://a/b/c/x.ts"), "x.ts");
  EXPECT_EQ(resolve_uri("http://a/b/c/..", "x.ts"), "http://a/b/c/x.ts");
}

TEST(UriRelativeTest, ResolvesBackToTheTarget) {
  const std::vector<const char*> bases = {
      "http://a/b/c/d;p?q",       "http://a",        "http://a/",          "http://a/b/",
      "http://a/b/c/../d/e.m3u8", "http://a/b/c/..", "http://a/b/./c/..?q"};
  const std::vector<const char*> targets = {
      "http://a/b/c/g",  "http://a/b/c/",     "http://a/",         "http://a/b/c/d;p?y",
      "http://a/g?y#s",  "http://a/b//c/g",   "http://a/x:y/z",    "http://a/b/c/d;p",
      "http://a/b/c/g/", "http://a/b/./c/..", "http://a/d/e.m3u8", "http://a/b/c/d;p?q"};
  for (const char* base : bases) {
    for (const char* target : targets) {
      const std::string relative = relative_uri(base, target);
      EXPECT_EQ(resolve_uri(base, relative), resolve_uri(target, target))
          << "base " << base << " target " << target << " relative " << relative;
      EXPECT_FALSE(relative.starts_with("http:")) << base << " " << target;
    }
  }
}

}  // namespace
}  // namespace manifest
