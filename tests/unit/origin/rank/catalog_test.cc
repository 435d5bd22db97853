// The catalog's indexes: by id, creator and hashtag, newest first, and copies that keep them.
#include "origin/rank/catalog.h"

#include <gtest/gtest.h>

namespace origin::rank {
namespace {

std::vector<VideoInfo> videos() {
  return {
      {.id = "a", .creator = "ann", .hashtags = {"cats", "fun"}, .created_s = 100},
      {.id = "b", .creator = "bob", .hashtags = {"cats"}, .created_s = 300},
      {.id = "c", .creator = "ann", .hashtags = {"dogs", "dogs"}, .created_s = 200},
      {.id = "d", .creator = "cid", .hashtags = {}, .created_s = 200},
  };
}

std::vector<std::string> ids(const Catalog& catalog, std::span<const VideoIndex> list) {
  std::vector<std::string> out;
  for (VideoIndex index : list)
    out.push_back(catalog.at(index).id);
  return out;
}

TEST(CatalogTest, FindsVideosById) {
  Catalog catalog(videos());
  ASSERT_EQ(catalog.size(), 4u);
  ASSERT_TRUE(catalog.find("c").has_value());
  EXPECT_EQ(catalog.at(*catalog.find("c")).creator, "ann");
  EXPECT_FALSE(catalog.find("zzz").has_value());
}

TEST(CatalogTest, ListsAreNewestFirstWithTiesById) {
  Catalog catalog(videos());
  EXPECT_EQ(ids(catalog, catalog.newest()), (std::vector<std::string>{"b", "c", "d", "a"}));
  EXPECT_EQ(ids(catalog, catalog.by_creator("ann")), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(ids(catalog, catalog.by_hashtag("cats")), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(ids(catalog, catalog.by_hashtag("dogs")), (std::vector<std::string>{"c"}));
  EXPECT_TRUE(catalog.by_creator("nobody").empty());
  EXPECT_TRUE(catalog.by_hashtag("nothing").empty());
}

TEST(CatalogTest, CreatorIndexesAreDenseAndShared) {
  Catalog catalog(videos());
  EXPECT_EQ(catalog.creator_count(), 3u);
  EXPECT_EQ(catalog.creator_index(*catalog.find("a")), catalog.creator_index(*catalog.find("c")));
  EXPECT_NE(catalog.creator_index(*catalog.find("a")), catalog.creator_index(*catalog.find("b")));
  for (VideoIndex i = 0; i < catalog.size(); ++i)
    EXPECT_LT(catalog.creator_index(i), 3u);
}

TEST(CatalogTest, HashtagsAndCreatorsHaveNumbers) {
  Catalog catalog(videos());
  EXPECT_EQ(catalog.hashtag_count(), 3u);
  ASSERT_TRUE(catalog.find_hashtag("dogs").has_value());
  ASSERT_TRUE(catalog.find_creator("bob").has_value());
  EXPECT_FALSE(catalog.find_hashtag("birds").has_value());
  EXPECT_FALSE(catalog.find_creator("dan").has_value());
  std::span<const uint32_t> tags = catalog.hashtag_indexes(*catalog.find("c"));
  ASSERT_EQ(tags.size(), 1u) << "a repeated hashtag is listed once";
  EXPECT_EQ(tags[0], *catalog.find_hashtag("dogs"));
  EXPECT_EQ(catalog.hashtag_indexes(*catalog.find("a")).size(), 2u);
  EXPECT_TRUE(catalog.hashtag_indexes(*catalog.find("d")).empty());
  EXPECT_EQ(catalog.creator_index(*catalog.find("b")), *catalog.find_creator("bob"));
  EXPECT_EQ(catalog.created_s(*catalog.find("b")), 300);
}

TEST(CatalogTest, DuplicateIdsFindTheFirst) {
  std::vector<VideoInfo> list = videos();
  list.push_back({.id = "a", .creator = "dup", .created_s = 50});
  Catalog catalog(std::move(list));
  EXPECT_EQ(catalog.size(), 5u);
  EXPECT_EQ(catalog.at(*catalog.find("a")).creator, "ann");
}

TEST(CatalogTest, CopiesAndMovesKeepWorkingIndexes) {
  auto original = std::make_unique<Catalog>(videos());
  Catalog copy(*original);
  Catalog assigned({});
  assigned = *original;
  original.reset();  // the copies must not point into it
  for (const Catalog* catalog : {&copy, &assigned}) {
    ASSERT_TRUE(catalog->find("b").has_value());
    EXPECT_EQ(ids(*catalog, catalog->by_creator("ann")), (std::vector<std::string>{"c", "a"}));
  }
  Catalog moved(std::move(copy));
  EXPECT_EQ(ids(moved, moved.by_hashtag("cats")), (std::vector<std::string>{"b", "a"}));
}

}  // namespace
}  // namespace origin::rank
