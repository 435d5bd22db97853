#include "bench/swipebench/replay/cmcd.h"

#include <gtest/gtest.h>

namespace swipebench::replay {
namespace {

TEST(CmcdTest, KeysSortedStringsQuotedBooleansBare) {
  CmcdRequest r{.sid = "s-1",
                .cid = "v\"42",
                .ot = ObjectType::kVideo,
                .br = 800,
                .bl = 2'345,
                .d = 2'000,
                .mtp = 12'345,
                .nor = "seg_1.m4s",
                .su = true};
  EXPECT_EQ(
      encode_cmcd(r),
      "bl=2300,br=800,cid=\"v\\\"42\",d=2000,mtp=12300,nor=\"seg_1.m4s\",ot=v,sid=\"s-1\",su");
}

TEST(CmcdTest, ManifestWithoutOptionalKeys) {
  CmcdRequest r;
  r.sid = "s";
  r.cid = "v";
  r.ot = ObjectType::kManifest;
  EXPECT_EQ(encode_cmcd(r), "cid=\"v\",ot=m,sid=\"s\"");
}

TEST(CmcdTest, QueryParameterIsPercentEncoded) {
  CmcdRequest r;
  r.sid = "s";
  r.cid = "v";
  r.ot = ObjectType::kInit;
  r.nor = "seg_0.m4s";
  EXPECT_EQ(cmcd_query(r), "CMCD=cid%3D%22v%22%2Cnor%3D%22seg_0.m4s%22%2Cot%3Di%2Csid%3D%22s%22");
}

}  // namespace
}  // namespace swipebench::replay
