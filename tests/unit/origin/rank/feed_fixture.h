// A small world for feed tests: creators with videos on a topic each, counters per video, one
// viewer, and helpers to read feeds back as ids and creators.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "origin/rank/feed_ranker.h"

namespace origin::rank {

class FeedFixture {
 public:
  // `creators` creators, `per_creator` videos each: "c{n}v{i}" by "c{n}" with hashtag
  // "topic{n % topics}", created at now - 60 * (i + 1) s.
  FeedFixture(int creators, int per_creator, int topics = 4);

  const Catalog& catalog() const { return *catalog_; }
  VideoIndex index(const std::string& id) const;
  VideoStats& stats(const std::string& id) { return stats_[index(id)]; }
  // Counters of a video that every pool has passed with a good completion rate.
  void graduate(const std::string& id, int64_t completions_per_mille = 700);
  // Every video trending, in catalog order; graduated so that none is an entrant.
  void trend_everything();

  FeedInputs inputs() const;
  std::vector<std::string> ids(const std::vector<RankedItem>& feed) const;
  std::vector<std::string> creators(const std::vector<RankedItem>& feed) const;
  // The most videos of one creator in any `window` consecutive positions.
  std::size_t worst_window(const std::vector<RankedItem>& feed, std::size_t window) const;

  ViewerProfile viewer;
  std::vector<std::pair<std::string, double>> trending;
  std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> co_watch;
  int64_t now_s = 1'000'000;
  uint64_t seed = 1;

 private:
  std::unique_ptr<Catalog> catalog_;
  std::unordered_map<VideoIndex, VideoStats> stats_;
};

}  // namespace origin::rank
