// CMCD parsing from the query parameter and the four headers, typed values, hostile input.
#include "edge/proxy/cmcd.h"

#include <gtest/gtest.h>

namespace edge::proxy {
namespace {

using Type = CmcdValue::Type;

TEST(Cmcd, ListWithEveryValueType) {
  CmcdKeys keys;
  parse_cmcd_list(R"(br=3200,bs,cid="faec5fc2-ac30-11ea-bb37-0242ac130002",d=4004,mtp=25400,)"
                  R"(ot=v,pr=1.25,rtp=15000,sf=h,sid="6e2fb550-c457-11e9-bb97-0800200c9a66",)"
                  R"(st=v,su,tb=6000,bl=-1,nor="..%2F300kbps%2Fsegment35.m4v")",
                  keys);
  EXPECT_EQ(keys.at("br"), (CmcdValue{Type::kInteger, "3200"}));
  EXPECT_EQ(keys.at("bs"), (CmcdValue{Type::kBoolean, "true"}));
  EXPECT_EQ(keys.at("cid"), (CmcdValue{Type::kString, "faec5fc2-ac30-11ea-bb37-0242ac130002"}));
  EXPECT_EQ(keys.at("ot"), (CmcdValue{Type::kToken, "v"}));
  EXPECT_EQ(keys.at("pr"), (CmcdValue{Type::kDecimal, "1.25"}));
  EXPECT_EQ(keys.at("bl"), (CmcdValue{Type::kInteger, "-1"}));
  EXPECT_EQ(keys.at("nor"), (CmcdValue{Type::kString, "..%2F300kbps%2Fsegment35.m4v"}));
  EXPECT_EQ(keys.size(), 15u);
}

TEST(Cmcd, QuotedStringsKeepCommasAndEscapes) {
  CmcdKeys keys;
  parse_cmcd_list(R"(sid="a,b=c",cid="say \"hi\" \\ bye",br=1)", keys);
  EXPECT_EQ(keys.at("sid").text, "a,b=c");
  EXPECT_EQ(keys.at("cid").text, R"(say "hi" \ bye)");
  EXPECT_EQ(keys.at("br").text, "1");
}

TEST(Cmcd, MalformedEntriesAreSkipped) {
  CmcdKeys keys;
  parse_cmcd_list(R"(br=,=5,b r=1,ok=1,x=y z,bad key=1,ctl="a)"
                  "\x01"
                  R"(",,  ,tb=10,sid="unterminated,swallowed=1)",
                  keys);
  EXPECT_EQ(keys.size(), 2u);
  EXPECT_TRUE(keys.contains("ok"));
  EXPECT_TRUE(keys.contains("tb"));
}

TEST(Cmcd, BoundsOnUntrustedInput) {
  std::string many;
  for (int i = 0; i < 200; ++i)
    many += "k" + std::to_string(i) + "=1,";
  many += "sid=\"" + std::string(5000, 'x') + "\"," + std::string(100, 'k') + "=1";
  CmcdKeys keys;
  parse_cmcd_list(many, keys);
  EXPECT_EQ(keys.size(), kMaxCmcdKeys);
  EXPECT_FALSE(keys.contains("sid"));
}

TEST(Cmcd, QueryParameterIsPercentDecoded) {
  EXPECT_EQ(cmcd_query_value("a=1&CMCD=br%3D3200%2Cbs%2Csid%3D%226e2f%22&b=2"),
            "br=3200,bs,sid=\"6e2f\"");
  EXPECT_EQ(cmcd_query_value("CMCD=ot%3Dv"), "ot=v");
  EXPECT_EQ(cmcd_query_value("xCMCD=ot%3Dv&cmcd=br%3D1"), "");
  EXPECT_EQ(cmcd_query_value("CMCD=bad%zz%2"), "bad%zz%2");
  EXPECT_EQ(cmcd_query_value(""), "");
}

TEST(Cmcd, FromARequestsQueryAndHeaders) {
  core::http::Request request;
  request.target = "/v/abc/seg_3.m4s?CMCD=br%3D3200%2Cot%3Dv%2Cbl%3D21300";
  auto keys = parse_cmcd(request);
  EXPECT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys.at("bl").text, "21300");

  core::http::Request with_headers;
  with_headers.target = "/v/abc/seg_3.m4s";
  with_headers.headers.add("CMCD-Request", "bl=21300,mtp=25400");
  with_headers.headers.add("CMCD-Object", "br=3200,d=4004,ot=v");
  with_headers.headers.add("CMCD-Status", "bs");
  with_headers.headers.add("CMCD-Session", "sid=\"6e2f\",sf=h,st=v");
  keys = parse_cmcd(with_headers);
  EXPECT_EQ(keys.size(), 9u);
  EXPECT_EQ(keys.at("sid").text, "6e2f");
  EXPECT_EQ(keys.at("bs").type, Type::kBoolean);

  core::http::Request none;
  none.target = "/v/abc/seg_3.m4s?x=1";
  EXPECT_TRUE(parse_cmcd(none).empty());
}

}  // namespace
}  // namespace edge::proxy
