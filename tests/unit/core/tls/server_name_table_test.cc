// SNI name matching (exact, one-label wildcards, case, trailing dots, precedence) and the
// names read out of certificates (subjectAltName DNS entries, common name only without them).
#include "core/tls/server_name_table.h"

#include <gtest/gtest.h>

#include "core/tls/certificate_names.h"
#include "tests/unit/core/tls/test_certificates.h"

namespace core::tls {
namespace {

TEST(TlsServerNameTable, ExactNamesCaseInsensitive) {
  ServerNameTable table;
  table.add(0, {"edge.test", "WWW.Edge.Test"});
  table.add(1, {"other.test"});
  EXPECT_EQ(table.find("edge.test"), 0u);
  EXPECT_EQ(table.find("EDGE.test"), 0u);
  EXPECT_EQ(table.find("www.edge.test"), 0u);
  EXPECT_EQ(table.find("Other.Test"), 1u);
  EXPECT_EQ(table.find("edge.test."), 0u);  // absolute form
  EXPECT_EQ(table.find("nope.test"), std::nullopt);
  EXPECT_EQ(table.find(""), std::nullopt);
  EXPECT_EQ(table.find("."), std::nullopt);
}

TEST(TlsServerNameTable, WildcardCoversExactlyOneLabel) {
  ServerNameTable table;
  table.add(3, {"*.pop.test"});
  EXPECT_EQ(table.find("a.pop.test"), 3u);
  EXPECT_EQ(table.find("Video-7.POP.test"), 3u);
  EXPECT_EQ(table.find("pop.test"), std::nullopt);
  EXPECT_EQ(table.find("a.b.pop.test"), std::nullopt);
  EXPECT_EQ(table.find(".pop.test"), std::nullopt);
  EXPECT_EQ(table.find("apop.test"), std::nullopt);
  EXPECT_EQ(table.find("*.pop.test"), 3u);  // a literal star is just another label
}

TEST(TlsServerNameTable, ExactBeatsWildcardAndEarlierBeatsLater) {
  ServerNameTable table;
  table.add(0, {"*.pop.test"});
  table.add(1, {"live.pop.test", "edge.test"});
  table.add(2, {"edge.test", "*.pop.test"});
  EXPECT_EQ(table.find("live.pop.test"), 1u);
  EXPECT_EQ(table.find("vod.pop.test"), 0u);
  EXPECT_EQ(table.find("edge.test"), 1u);
}

TEST(TlsServerNameTable, PartialAndMisplacedWildcardsIgnored) {
  ServerNameTable table;
  table.add(0, {"f*.pop.test", "a.*.test", "*", "*.", "**.pop.test"});
  EXPECT_EQ(table.find("foo.pop.test"), std::nullopt);
  EXPECT_EQ(table.find("a.b.test"), std::nullopt);
  EXPECT_EQ(table.find("test"), std::nullopt);
  EXPECT_EQ(table.find("x.pop.test"), std::nullopt);
}

TEST(TlsNormalizeDnsName, LowercasesAsciiAndDropsOneTrailingDot) {
  EXPECT_EQ(normalize_dns_name("A.Pop.TEST."), "a.pop.test");
  EXPECT_EQ(normalize_dns_name("a.."), "a.");
  EXPECT_EQ(normalize_dns_name("\xC3\x84.test"), "\xC3\x84.test");
}

TEST(TlsCertificateNames, AltNamesWinOverCommonName) {
  auto credential =
      test::make_credential({"ignored.test", {"edge.test", "*.Pop.test"}, test::KeyType::kEcdsa});
  ASSERT_TRUE(credential.has_value()) << credential.error();
  EXPECT_EQ(certificate_names(credential->cert.get()),
            (std::vector<std::string>{"edge.test", "*.Pop.test"}));
}

TEST(TlsCertificateNames, CommonNameWithoutAltNames) {
  auto credential = test::make_credential({"cn-only.test", {}, test::KeyType::kEcdsa});
  ASSERT_TRUE(credential.has_value()) << credential.error();
  EXPECT_EQ(certificate_names(credential->cert.get()), (std::vector<std::string>{"cn-only.test"}));
}

}  // namespace
}  // namespace core::tls
