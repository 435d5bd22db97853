// Segment URIs of a parsed playlist live in the playlist's arena: copies, moves, assignments
// and rewrites of whole playlists must leave every URI readable (run under ASan in CI). And
// the arena's allocator on its own: aligned, disjoint, any size, everything given back.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/parser.h"
#include "manifest/rewrite.h"
#include "manifest/text_arena.h"
#include "manifest/writer.h"

namespace manifest {
namespace {

// Long enough URIs that none fits in a string's own storage.
std::string playlist_text(std::string_view prefix, int segments) {
  std::string text = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n";
  for (int i = 0; i < segments; ++i) {
    text += "#EXTINF:4.0,\n";
    text += prefix;
    text += "/a-rather-long-segment-name-" + std::to_string(i) + ".m4s\n";
  }
  return text + "#EXT-X-ENDLIST\n";
}

MediaPlaylist parsed(std::string_view prefix, int segments) {
  auto playlist = parse_media(playlist_text(prefix, segments));
  EXPECT_TRUE(playlist.has_value());
  return playlist ? std::move(*playlist) : MediaPlaylist();
}

void expect_uris(const MediaPlaylist& playlist, std::string_view prefix, int segments) {
  ASSERT_EQ(playlist.segments.size(), static_cast<size_t>(segments));
  for (int i = 0; i < segments; ++i) {
    EXPECT_EQ(std::string_view(playlist.segments[static_cast<size_t>(i)].uri),
              std::string(prefix) + "/a-rather-long-segment-name-" + std::to_string(i) + ".m4s");
  }
}

TEST(UriArenaTest, ParsedUrisReadBackAndWriteOut) {
  // The text is gone before the URIs are read: they are the playlist's own.
  const MediaPlaylist playlist = parsed("video", 50);
  expect_uris(playlist, "video", 50);
  auto again = parse_media(write(playlist));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, playlist);
}

TEST(UriArenaTest, CopyOutlivesTheOriginal) {
  std::optional<MediaPlaylist> original = parsed("a", 20);
  const MediaPlaylist copy = *original;
  original.reset();
  expect_uris(copy, "a", 20);
}

TEST(UriArenaTest, MoveCarriesTheArena) {
  MediaPlaylist original = parsed("a", 20);
  const MediaPlaylist moved = std::move(original);
  expect_uris(moved, "a", 20);
}

TEST(UriArenaTest, CopyAssignmentOverAParsedPlaylist) {
  MediaPlaylist target = parsed("t", 30);
  {
    const MediaPlaylist source = parsed("s", 10);
    target = source;
  }
  expect_uris(target, "s", 10);
  target.segments[3].uri = "a-new-uri-longer-than-any-short-string.ts";
  EXPECT_EQ(target.segments[3].uri, "a-new-uri-longer-than-any-short-string.ts");
}

TEST(UriArenaTest, MoveAssignmentOverAParsedPlaylist) {
  MediaPlaylist target = parsed("t", 30);
  {
    MediaPlaylist source = parsed("s", 10);
    target = std::move(source);
  }
  expect_uris(target, "s", 10);
  // And back again, as a server replacing its playlist on each reload does.
  for (int round = 0; round < 3; ++round)
    target = parsed("r" + std::to_string(round), 5 + round);
  expect_uris(target, "r2", 7);
}

TEST(UriArenaTest, SwapAndGrowKeepUris) {
  MediaPlaylist a = parsed("a", 5);
  MediaPlaylist b = parsed("b", 7);
  std::swap(a, b);
  expect_uris(a, "b", 7);
  expect_uris(b, "a", 5);
  // Growing the list moves the segments to a new buffer; their URIs stay in the arena.
  for (int i = 0; i < 100; ++i)
    a.segments.push_back(a.segments.front());
  EXPECT_EQ(a.segments.back().uri, "b/a-rather-long-segment-name-0.m4s");
}

TEST(UriArenaTest, RewritesReplaceParsedUris) {
  MediaPlaylist playlist = parsed("v", 12);
  rewrite_uris(playlist,
               [](std::string_view uri) { return "https://cdn.example/" + std::string(uri); });
  expect_uris(playlist, "https://cdn.example/v", 12);
  const MediaPlaylist copy = playlist;
  expect_uris(copy, "https://cdn.example/v", 12);
}

TEST(UriArenaTest, OpenSegmentIsNotInTheArena) {
  auto parsed_open = parse_media(
      "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nsegment-name-long-enough-0.ts\n"
      "#EXT-X-PART:DURATION=1,URI=\"part-0.m4s\"\n");
  ASSERT_TRUE(parsed_open.has_value());
  ASSERT_TRUE(parsed_open->open_segment.has_value());
  MediaPlaylist target = parsed("t", 3);
  target = std::move(*parsed_open);
  target.open_segment->uri = "an-open-segment-uri-longer-than-inline.ts";
  MediaPlaylist other = parsed("o", 2);
  other = std::move(target);
  EXPECT_EQ(other.open_segment->uri, "an-open-segment-uri-longer-than-inline.ts");
  EXPECT_EQ(other.segments.at(0).uri, "segment-name-long-enough-0.ts");
}

// Requests of every size from 0 to past the first block, at alignments 1 to 64, each filled
// with its own byte: a request that overlapped another would spoil that one's bytes.
TEST(TextBlocksTest, AllocationsAreAlignedAndDisjoint) {
  TextBlocks blocks(256);
  struct Allocation {
    unsigned char* p;
    size_t bytes;
    unsigned char fill;
  };
  std::vector<Allocation> allocations;
  for (size_t i = 0; i < 600; ++i) {
    const size_t bytes = i % 7 == 0 ? i * 3 : i % 40;
    const size_t alignment = size_t{1} << (i % 7);
    auto* p = static_cast<unsigned char*>(blocks.allocate(bytes, alignment));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignment, 0u) << i;
    const auto fill = static_cast<unsigned char>(i);
    std::memset(p, fill, bytes);
    allocations.push_back({p, bytes, fill});
  }
  for (const Allocation& a : allocations) {
    for (size_t k = 0; k < a.bytes; ++k)
      ASSERT_EQ(a.p[k], a.fill);
  }
  // Empty requests get distinct pointers too.
  EXPECT_NE(blocks.allocate(0, 1), blocks.allocate(0, 1));
  blocks.deallocate(allocations.front().p, allocations.front().bytes, 1);  // no effect
}

TEST(TextBlocksTest, RequestsLargerThanABlock) {
  TextBlocks blocks(64);
  std::pmr::string small("a string too long to be held in place", &blocks);
  std::pmr::string large(100000, 'x', &blocks);
  std::pmr::string after("another string too long to be held in place", &blocks);
  EXPECT_EQ(small, "a string too long to be held in place");
  EXPECT_EQ(large.size(), 100000u);
  EXPECT_EQ(large.find_first_not_of('x'), std::pmr::string::npos);
  EXPECT_EQ(after, "another string too long to be held in place");
  EXPECT_TRUE(blocks.is_equal(blocks));
  TextBlocks other(64);
  EXPECT_FALSE(blocks.is_equal(other));
}

}  // namespace
}  // namespace manifest
