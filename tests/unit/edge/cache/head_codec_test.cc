// Head blobs: round trip, and every truncation or flipped byte of a valid blob is an error.
#include "edge/cache/head_codec.h"

#include <gtest/gtest.h>
#include <xxhash.h>

namespace edge::cache {
namespace {

void expect_same(const StoredHead& a, const StoredHead& b) {
  EXPECT_EQ(a.head.status, b.head.status);
  EXPECT_EQ(a.head.content_length, b.head.content_length);
  EXPECT_EQ(a.head.headers, b.head.headers);
  EXPECT_EQ(a.freshness, b.freshness);
}

StoredHead sample() {
  StoredHead s;
  s.head.status = 200;
  s.head.content_length = 1234567;
  s.head.headers.add("Content-Type", "video/mp4");
  s.head.headers.add("Cache-Control", "public, max-age=31536000, immutable");
  s.head.headers.add("ETag", "\"abc\"");
  s.head.headers.add("x-empty", "");
  s.head.headers.add("x-binary", std::string("a\0b\xff", 4));
  s.freshness = {1700000000, 12, 31536000, 5, -7, true, false, true};
  return s;
}

TEST(HeadCodec, RoundTrip) {
  const StoredHead s = sample();
  auto decoded = decode_head(encode_head(s));
  ASSERT_TRUE(decoded) << decoded.error();
  expect_same(*decoded, s);
}

TEST(HeadCodec, RoundTripWithoutLengthOrFields) {
  StoredHead s;
  s.head.status = 404;
  s.freshness.must_revalidate = true;
  auto decoded = decode_head(encode_head(s));
  ASSERT_TRUE(decoded) << decoded.error();
  expect_same(*decoded, s);
  EXPECT_FALSE(decoded->head.content_length.has_value());
}

TEST(HeadCodec, OversizedFieldsAreLeftOut) {
  StoredHead s = sample();
  s.head.headers.add(std::string(256, 'n'), "v");
  s.head.headers.add("x-long", std::string(70000, 'v'));
  auto decoded = decode_head(encode_head(s));
  ASSERT_TRUE(decoded);
  expect_same(*decoded, sample());
}

TEST(HeadCodec, EveryTruncationIsAnError) {
  const std::string blob = encode_head(sample());
  for (size_t size = 0; size < blob.size(); ++size) {
    EXPECT_FALSE(decode_head(std::string_view(blob).substr(0, size))) << size;
  }
  EXPECT_FALSE(decode_head(blob + "x"));
}

// `body` followed by its correct checksum: gets past the checksum to the bounds checks.
std::string signed_blob(std::string_view body) {
  std::string out(body);
  uint64_t sum = XXH3_64bits(body.data(), body.size());
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((sum >> (8 * i)) & 0xFF));
  return out;
}

TEST(HeadCodec, EveryTruncationWithAValidChecksumIsAnError) {
  const std::string blob = encode_head(sample());
  const std::string_view body = std::string_view(blob).substr(0, blob.size() - 8);
  EXPECT_TRUE(decode_head(signed_blob(body)));
  for (size_t size = 0; size < body.size(); ++size) {
    EXPECT_FALSE(decode_head(signed_blob(body.substr(0, size)))) << size;
  }
  EXPECT_FALSE(decode_head(signed_blob(std::string(body) + "x")));
}

TEST(HeadCodec, LyingLengthsWithAValidChecksumAreErrors) {
  const std::string blob = encode_head(sample());
  std::string body = blob.substr(0, blob.size() - 8);
  constexpr size_t kCount = 4 + 1 + 1 + 2 + 8 + 5 * 8;  // offset of the field count
  std::string more = body;
  more[kCount] = static_cast<char>(more[kCount] + 1);
  EXPECT_FALSE(decode_head(signed_blob(more)));
  std::string long_value = body;
  long_value[kCount + 2 + 1] = '\xff';  // first field's value length, low byte
  long_value[kCount + 2 + 2] = '\xff';
  EXPECT_FALSE(decode_head(signed_blob(long_value)));
  std::string empty_name = body;
  empty_name[kCount + 2] = 0;
  EXPECT_FALSE(decode_head(signed_blob(empty_name)));
  std::string flags = body;
  flags[5] = static_cast<char>(0x10);
  EXPECT_FALSE(decode_head(signed_blob(flags)));
  std::string status = body;
  status[6] = 0;
  status[7] = 0;
  EXPECT_FALSE(decode_head(signed_blob(status)));
  std::string version = body;
  version[4] = 2;
  EXPECT_FALSE(decode_head(signed_blob(version)));
}

TEST(HeadCodec, EveryFlippedByteIsAnError) {
  const std::string blob = encode_head(sample());
  for (size_t i = 0; i < blob.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xFF}) {
      std::string bad = blob;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      EXPECT_FALSE(decode_head(bad)) << i;
    }
  }
}

TEST(HeadCodec, GarbageIsAnError) {
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1664525 + 1013904223;
    garbage.push_back(static_cast<char>(x >> 24));
    EXPECT_FALSE(decode_head(garbage));
  }
  // Right magic and version, then lies about lengths.
  std::string lying = encode_head(StoredHead{});
  lying.resize(lying.size() - 8);
  lying += std::string(8, '\xff');
  EXPECT_FALSE(decode_head(lying));
}

}  // namespace
}  // namespace edge::cache
