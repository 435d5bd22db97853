// /v/ paths: what reaches the disk, with which type and caching, and what never does.
#include "origin/api/hls_path.h"

#include <gtest/gtest.h>

namespace origin::api {
namespace {

TEST(HlsPathTest, TheFilesOfDesignMd) {
  auto master = parse_hls_path("/v/abc/master.m3u8");
  ASSERT_TRUE(master.has_value());
  EXPECT_EQ(master->video, "abc");
  EXPECT_EQ(master->relative, "master.m3u8");
  EXPECT_EQ(master->content_type, "application/vnd.apple.mpegurl");
  EXPECT_TRUE(master->playlist);
  auto segment = parse_hls_path("/v/abc/360p/seg_12.m4s");
  ASSERT_TRUE(segment.has_value());
  EXPECT_EQ(segment->relative, "360p/seg_12.m4s");
  EXPECT_EQ(segment->content_type, "video/iso.segment");
  EXPECT_FALSE(segment->playlist);
  EXPECT_EQ(parse_hls_path("/v/abc/360p/init.mp4")->content_type, "video/mp4");
  EXPECT_EQ(parse_hls_path("/v/abc/thumb.jpg")->content_type, "image/jpeg");
  EXPECT_EQ(parse_hls_path("/v/abc/360p/seg_0.ts")->content_type, "video/mp2t");
}

TEST(HlsPathTest, NothingOutsideTheSafeShape) {
  for (const char* path : {"/v/", "/v/abc", "/v/abc/", "/v/abc/../x.m3u8", "/v/../etc/passwd.m3u8",
                           "/v/abc/.m3u8", "/v/abc/.hidden.m4s", "/v/abc/a/b/c.m4s",
                           "/v/abc//x.m4s", "/v/abc/x%2e.m4s", "/v/abc/x.exe", "/v/abc/x.m3u8.bak",
                           "/x/abc/master.m3u8", "/v/a b/master.m3u8", "/v/abc/360p\\seg_0.m4s"}) {
    EXPECT_FALSE(parse_hls_path(path).has_value()) << path;
  }
}

}  // namespace
}  // namespace origin::api
