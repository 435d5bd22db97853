// The synthetic world. Everything hidden from the feed is marked (hidden).
//
// Topics: `topics` hashtags "t0".."tN", with Zipf-like popularity (topic i weighs 1/(i+1)),
// so some interests are common and trending means something.
// Creators: each has a home topic, drawn by popularity.
// Videos: primary topic = the creator's home topic (80%) or a topic drawn by popularity; a
// second topic with probability 0.4; hashtags are the topic names. Quality q (hidden) is
// uniform in [0.3, 1]; duration uniform in 8-40 s; created over the last 14 days, the newest
// `entrant_share` after the warm-up history (the entrants exploration exists for).
// Viewers (hidden): two favourite topics (preference 1) and one secondary (0.5) drawn by
// popularity; every other topic 0.05. A viewer's match with a video is the best preference
// among its topics.
// A watch, given match m and quality q: completed with probability 0.05 + 0.85 m q, then a
// replay with probability 0.25 m (watched 1.6x the duration), a like with 0.3 m q, a share
// with 0.05 m, a comment with 0.03 m, a follow of the creator with 0.03 m. Not completed: a
// skip within 2 s with probability 1 - 0.5 m (reported with probability 0.02 (1 - q)), else
// a partial watch of 2 s to 85% of the duration.
// History (warm-up): `history_viewers` earlier viewers each watch `history_watches` random
// non-entrant videos over the two days before the sessions. Measured viewers are new (cold
// start); each has one session of `session_length` swipes, fetching `page_size` videos per
// feed request and watching them in order; viewers take turns page by page, so trending,
// counters and co-watch move during the sessions. Every event goes through
// origin/rank/event_effects.h; the clock moves 1 s per event. Exposure pools are scaled to the
// world's traffic (20 -> 100 -> 400 views).
#include "synthetic_world.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <unordered_map>

#include "origin/rank/event_effects.h"

namespace origin::rank::synthetic {
namespace {

constexpr int64_t kSessionsStart_s = 1'750'000'000;
constexpr int64_t kDay_s = 24 * 3600;
constexpr std::size_t kTrendingShown = 300;  // trending entries a feed request reads

struct Clip {  // (hidden)
  std::vector<int> topics;
  double quality = 0;
};

using Preference = std::vector<double>;  // (hidden) per topic

int draw_topic(std::mt19937_64& rng, const std::vector<double>& popularity) {
  std::discrete_distribution<int> pick(popularity.begin(), popularity.end());
  return pick(rng);
}

Preference draw_preference(std::mt19937_64& rng, const std::vector<double>& popularity) {
  Preference preference(popularity.size(), 0.05);
  for (double level : {1.0, 1.0, 0.5}) {
    int topic = draw_topic(rng, popularity);
    preference[static_cast<std::size_t>(topic)] =
        std::max(preference[static_cast<std::size_t>(topic)], level);
  }
  return preference;
}

// What the service stores, all of it visible to the feed.
struct State {
  std::vector<VideoStats> stats;  // by catalog index
  std::unordered_map<std::string, double> trending;
  std::unordered_map<std::string, std::unordered_map<std::string, double>> co_watch;
  int64_t now_s = 0;
  EffectPolicy effects;

  void apply(const Event& event, ViewerProfile& viewer, const VideoInfo& video, VideoIndex index) {
    for (const std::string& partner : co_watch_partners(viewer, event, effects)) {
      co_watch[partner][event.video] += 1;
      co_watch[event.video][partner] += 1;
    }
    add_to(stats[index], stats_delta(event));
    trending[event.video] += trending_increment(event, now_s, effects);
    apply_to_profile(viewer, event, video, now_s, effects);
    ++now_s;
  }

  std::vector<std::pair<std::string, double>> trending_list() const {
    std::vector<std::pair<std::string, double>> list(trending.begin(), trending.end());
    auto better = [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    std::size_t n = std::min(kTrendingShown, list.size());
    std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n), list.end(),
                      better);
    list.resize(n);
    return list;
  }

  std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> co_watch_for(
      const ViewerProfile& viewer, const FeedPolicy& policy) const {
    std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> out;
    std::size_t n = std::min(policy.co_watch_recent, viewer.recent_completions.size());
    for (std::size_t i = 0; i < n; ++i) {
      auto it = co_watch.find(viewer.recent_completions[i]);
      if (it == co_watch.end()) continue;
      std::vector<std::pair<std::string, double>> list(it->second.begin(), it->second.end());
      auto stronger = [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      };
      std::size_t top = std::min(policy.co_watch_read, list.size());
      std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(top), list.end(),
                        stronger);
      list.resize(top);
      out.emplace(it->first, std::move(list));
    }
    return out;
  }
};

}  // namespace

struct World::Model {
  WorldConfig config;
  std::unique_ptr<Catalog> catalog;
  std::vector<Clip> clips;  // by catalog index
  std::vector<Preference> viewers;
  State warmed;

  double match(const Preference& preference, VideoIndex video) const {
    double best = 0;
    for (int topic : clips[video].topics) {
      best = std::max(best, preference[static_cast<std::size_t>(topic)]);
    }
    return best;
  }

  // One watch and its reactions, as events; returns whether the clip was completed.
  bool watch(std::mt19937_64& rng, State& state, ViewerProfile& viewer,
             const Preference& preference, VideoIndex index) const {
    const VideoInfo& video = catalog->at(index);
    double m = match(preference, index);
    double q = clips[index].quality;
    std::uniform_real_distribution<double> unit(0, 1);
    Event event{.user = viewer.user, .video = video.id, .duration_ms = video.duration_ms};
    bool completed = unit(rng) < 0.05 + 0.85 * m * q;
    if (completed) {
      bool replay = unit(rng) < 0.25 * m;
      event.watch_ms = replay ? video.duration_ms * 16 / 10 : video.duration_ms;
      state.apply(event, viewer, video, index);
      std::vector<std::pair<Action, double>> reactions = {{Action::kLike, 0.3 * m * q},
                                                          {Action::kShare, 0.05 * m},
                                                          {Action::kComment, 0.03 * m},
                                                          {Action::kFollow, 0.03 * m}};
      for (const auto& [action, p] : reactions) {
        if (unit(rng) < p) {
          state.apply(Event{.user = viewer.user, .video = video.id, .action = action}, viewer,
                      video, index);
        }
      }
      return true;
    }
    if (unit(rng) < 1 - 0.5 * m) {
      event.watch_ms = static_cast<int64_t>(unit(rng) * 1'900);
      state.apply(event, viewer, video, index);
      if (unit(rng) < 0.02 * (1 - q)) {
        state.apply(Event{.user = viewer.user, .video = video.id, .action = Action::kReport},
                    viewer, video, index);
      }
      return false;
    }
    double low = 2'000;
    double high = std::max(low, 0.85 * static_cast<double>(video.duration_ms));
    event.watch_ms = static_cast<int64_t>(low + unit(rng) * (high - low));
    state.apply(event, viewer, video, index);
    return false;
  }

  void build() {
    std::mt19937_64 rng(config.seed);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<double> popularity;
    for (int t = 0; t < config.topics; ++t)
      popularity.push_back(1.0 / (t + 1));
    std::vector<int> home;
    for (int c = 0; c < config.creators; ++c)
      home.push_back(draw_topic(rng, popularity));
    std::vector<VideoInfo> videos;
    std::vector<Clip> made;
    int entrants = static_cast<int>(config.videos * config.entrant_share);
    for (int v = 0; v < config.videos; ++v) {
      int creator = static_cast<int>(rng() % static_cast<uint64_t>(config.creators));
      Clip clip;
      clip.topics.push_back(unit(rng) < 0.8 ? home[static_cast<std::size_t>(creator)]
                                            : draw_topic(rng, popularity));
      if (unit(rng) < 0.4) {
        int second = draw_topic(rng, popularity);
        if (second != clip.topics[0]) clip.topics.push_back(second);
      }
      clip.quality = 0.3 + 0.7 * unit(rng);
      VideoInfo info{.id = "v" + std::to_string(v), .creator = "c" + std::to_string(creator)};
      for (int topic : clip.topics)
        info.hashtags.push_back("t" + std::to_string(topic));
      info.duration_ms = 8'000 + static_cast<int64_t>(unit(rng) * 32'000);
      // The last `entrants` videos are uploaded during the last hour before the sessions.
      info.created_s =
          v >= config.videos - entrants
              ? kSessionsStart_s - static_cast<int64_t>(unit(rng) * 3600)
              : kSessionsStart_s - 2 * kDay_s - static_cast<int64_t>(unit(rng) * 12 * kDay_s);
      videos.push_back(std::move(info));
      made.push_back(std::move(clip));
    }
    catalog = std::make_unique<Catalog>(std::move(videos));
    clips.resize(made.size());
    for (std::size_t v = 0; v < made.size(); ++v) {
      clips[*catalog->find("v" + std::to_string(v))] = std::move(made[v]);
    }
    for (int u = 0; u < config.viewers; ++u)
      viewers.push_back(draw_preference(rng, popularity));

    warmed.stats.assign(catalog->size(), VideoStats{});
    warmed.now_s = kSessionsStart_s - 2 * kDay_s;
    int64_t history_events = static_cast<int64_t>(config.history_viewers) * config.history_watches;
    int old = config.videos - entrants;
    for (int h = 0; h < config.history_viewers && old > 0; ++h) {
      Preference preference = draw_preference(rng, popularity);
      ViewerProfile viewer;
      viewer.user = "h" + std::to_string(h);
      for (int w = 0; w < config.history_watches; ++w) {
        VideoIndex index = *catalog->find("v" + std::to_string(rng() % static_cast<uint64_t>(old)));
        watch(rng, warmed, viewer, preference, index);
        // History is spread over the two days before the sessions.
        warmed.now_s += 2 * kDay_s / std::max<int64_t>(history_events, 1);
      }
    }
    warmed.now_s = kSessionsStart_s;
  }
};

World::World(const WorldConfig& config) : model_(std::make_unique<Model>()) {
  model_->config = config;
  model_->build();
}

World::~World() = default;

const Catalog& World::catalog() const {
  return *model_->catalog;
}

FeedPolicy World::policy(FeedKind kind) const {
  FeedPolicy policy;
  policy.pools.sizes = {20, 100, 400};
  if (kind == FeedKind::kTrending) policy.personalise_after = INT64_MAX;
  return policy;
}

SessionCurve World::run(FeedKind kind) const {
  const Model& m = *model_;
  const WorldConfig& config = m.config;
  State state = m.warmed;
  std::mt19937_64 rng(config.seed ^ 0x5e55'1011ULL);
  FeedPolicy feed_policy = policy(kind);
  std::vector<ViewerProfile> profiles(m.viewers.size());
  for (std::size_t u = 0; u < profiles.size(); ++u)
    profiles[u].user = "u" + std::to_string(u);
  std::vector<int> position(m.viewers.size(), 0);
  std::size_t buckets = static_cast<std::size_t>((config.session_length + config.bucket - 1) /
                                                 std::max(config.bucket, 1));
  std::vector<int64_t> completions(buckets, 0);
  SessionCurve curve;
  curve.watches.assign(buckets, 0);
  int64_t shown = 0;
  int64_t explored = 0;
  for (int page = 0; page * config.page_size < config.session_length; ++page) {
    for (std::size_t u = 0; u < profiles.size(); ++u) {
      ViewerProfile& viewer = profiles[u];
      FeedInputs inputs;
      inputs.catalog = m.catalog.get();
      inputs.stats = [&state](VideoIndex video) { return &state.stats[video]; };
      inputs.viewer = &viewer;
      // Trending goes in resolved, as the service passes it (resolved once per refresh).
      std::vector<std::pair<VideoIndex, double>> trending =
          resolve_trending(*m.catalog, state.trending_list());
      inputs.trending_indexed = trending;
      inputs.co_watch = state.co_watch_for(viewer, feed_policy);
      inputs.now_s = state.now_s;
      inputs.seed = (u + 1) * 1'000'003ULL + static_cast<uint64_t>(page);
      std::size_t want =
          static_cast<std::size_t>(std::min(config.page_size, config.session_length - position[u]));
      auto start = std::chrono::steady_clock::now();
      std::vector<RankedItem> feed = rank_feed(inputs, feed_policy, want);
      curve.feed_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++curve.feeds;
      for (const RankedItem& item : feed) {
        std::size_t bucket = static_cast<std::size_t>(position[u] / config.bucket);
        ++curve.watches[bucket];
        completions[bucket] += m.watch(rng, state, viewer, m.viewers[u], item.video) ? 1 : 0;
        explored += item.source == Source::kExplore ? 1 : 0;
        ++shown;
        ++position[u];
      }
    }
  }
  for (std::size_t b = 0; b < buckets; ++b) {
    curve.completion.push_back(curve.watches[b] > 0 ? static_cast<double>(completions[b]) /
                                                          static_cast<double>(curve.watches[b])
                                                    : 0);
  }
  curve.explored_share = shown > 0 ? static_cast<double>(explored) / static_cast<double>(shown) : 0;
  return curve;
}

}  // namespace origin::rank::synthetic
