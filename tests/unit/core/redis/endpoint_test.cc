// redis:// URLs: host, port, password and database, and what is refused.
#include <gtest/gtest.h>

#include "core/redis/reply.h"

namespace core::redis {
namespace {

TEST(ParseEndpoint, HostAndPort) {
  auto endpoint = parse_endpoint("redis://10.0.0.5:6380");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->host, "10.0.0.5");
  EXPECT_EQ(endpoint->port, 6380);
  EXPECT_EQ(endpoint->db, 0);
  EXPECT_EQ(endpoint->password, "");
}

TEST(ParseEndpoint, DefaultsPortAndReadsDatabaseAndPassword) {
  auto endpoint = parse_endpoint("redis://:s3cret@cache.local/4");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->host, "cache.local");
  EXPECT_EQ(endpoint->port, 6379);
  EXPECT_EQ(endpoint->db, 4);
  EXPECT_EQ(endpoint->password, "s3cret");
  EXPECT_EQ(to_string(*endpoint), "redis://cache.local:6379/4");
}

TEST(ParseEndpoint, Ipv6Host) {
  auto endpoint = parse_endpoint("redis://[::1]:7000");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->host, "::1");
  EXPECT_EQ(endpoint->port, 7000);
  EXPECT_EQ(to_string(*endpoint), "redis://[::1]:7000/0");
}

TEST(ParseEndpoint, RefusesWhatIsNotARedisUrl) {
  EXPECT_FALSE(parse_endpoint("http://127.0.0.1:6379"));
  EXPECT_FALSE(parse_endpoint("redis://"));
  EXPECT_FALSE(parse_endpoint("redis://host:0"));
  EXPECT_FALSE(parse_endpoint("redis://host:70000"));
  EXPECT_FALSE(parse_endpoint("redis://host:12x"));
  EXPECT_FALSE(parse_endpoint("redis://host/db"));
}

TEST(Reply, NumbersFromStringsAndIntegers) {
  Reply text{Reply::Type::kString, "42", 0, {}};
  EXPECT_EQ(text.as_integer(), 42);
  EXPECT_EQ(text.as_double(), 42.0);
  Reply fraction{Reply::Type::kString, "2.5", 0, {}};
  EXPECT_FALSE(fraction.as_integer());
  EXPECT_EQ(fraction.as_double(), 2.5);
  Reply nil;
  EXPECT_FALSE(nil.as_integer());
  EXPECT_FALSE(nil.as_double());
}

}  // namespace
}  // namespace core::redis
