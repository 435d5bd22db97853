// The feed tests' small world (see feed_fixture.h).
#include "feed_fixture.h"

#include <algorithm>
#include <stdexcept>

namespace origin::rank {

FeedFixture::FeedFixture(int creators, int per_creator, int topics) {
  std::vector<VideoInfo> videos;
  for (int c = 0; c < creators; ++c) {
    for (int i = 0; i < per_creator; ++i) {
      videos.push_back(VideoInfo{.id = "c" + std::to_string(c) + "v" + std::to_string(i),
                                 .creator = "c" + std::to_string(c),
                                 .hashtags = {"topic" + std::to_string(c % topics)},
                                 .created_s = now_s - 60 * (i + 1),
                                 .duration_ms = 15'000});
    }
  }
  catalog_ = std::make_unique<Catalog>(std::move(videos));
  viewer.user = "u1";
}

VideoIndex FeedFixture::index(const std::string& id) const {
  std::optional<VideoIndex> found = catalog_->find(id);
  if (!found) throw std::invalid_argument("no video " + id);
  return *found;
}

void FeedFixture::graduate(const std::string& id, int64_t completions_per_mille) {
  VideoStats& s = stats(id);
  s.views = 20'000;
  s.completions = 20 * completions_per_mille;
  s.skips = 20 * (1000 - completions_per_mille) / 3;
}

void FeedFixture::trend_everything() {
  trending.clear();
  double score = 1e6;
  for (const VideoInfo& video : catalog_->videos()) {
    graduate(video.id);
    trending.emplace_back(video.id, score--);
  }
}

FeedInputs FeedFixture::inputs() const {
  FeedInputs in;
  in.catalog = catalog_.get();
  in.stats = [this](VideoIndex video) -> const VideoStats* {
    auto it = stats_.find(video);
    return it == stats_.end() ? nullptr : &it->second;
  };
  in.viewer = &viewer;
  in.trending = trending;
  in.co_watch = co_watch;
  in.now_s = now_s;
  in.seed = seed;
  return in;
}

std::vector<std::string> FeedFixture::ids(const std::vector<RankedItem>& feed) const {
  std::vector<std::string> out;
  for (const RankedItem& item : feed)
    out.push_back(catalog_->at(item.video).id);
  return out;
}

std::vector<std::string> FeedFixture::creators(const std::vector<RankedItem>& feed) const {
  std::vector<std::string> out;
  for (const RankedItem& item : feed)
    out.push_back(catalog_->at(item.video).creator);
  return out;
}

std::size_t FeedFixture::worst_window(const std::vector<RankedItem>& feed,
                                      std::size_t window) const {
  std::vector<std::string> names = creators(feed);
  std::size_t worst = 0;
  for (std::size_t start = 0; start < names.size(); ++start) {
    std::size_t end = std::min(names.size(), start + window);
    for (std::size_t i = start; i < end; ++i) {
      auto first = names.begin() + static_cast<std::ptrdiff_t>(start);
      auto last = names.begin() + static_cast<std::ptrdiff_t>(end);
      worst = std::max(worst, static_cast<std::size_t>(std::count(first, last, names[i])));
    }
  }
  return worst;
}

}  // namespace origin::rank
