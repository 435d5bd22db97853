// FeedWorker::viewer_feed. A feed is ranked once (rank::rank_feed, stored_feed videos long),
// kept in Redis under an id, and paged with cursors "{id}.{offset}", so pages stay stable while
// counters change; what the viewer watched meanwhile is skipped. Without Redis the feed is the
// cold-start feed over the snapshot's trending, paged with "t.{offset}".
#include <charconv>
#include <limits>
#include <random>

#include "origin/feed/feed_worker.h"
#include "origin/feed/interest_entry.h"
#include "origin/feed/profile_epoch.h"
#include "origin/rank/event_effects.h"
#include "origin/rank/viewer_profile.h"

namespace origin::feed {
namespace {

// Completions are counted in the list of recent ones, which must hold enough of them.
static_assert(rank::FeedPolicy{}.personalise_after <=
              static_cast<int64_t>(rank::EffectPolicy{}.recent_completions));

using core::redis::Command;
using core::redis::Reply;

constexpr std::string_view kFallbackCursor = "t";
// Regions whose fallback feed a worker keeps; any region name is valid, so it is bounded.
constexpr std::size_t kFallbackRegions = 64;
// Marks a stored entry whose video left the catalog.
constexpr rank::VideoIndex kGone = std::numeric_limits<rank::VideoIndex>::max();

struct Cursor {
  std::string feed;  // empty: start a new feed
  std::size_t offset = 0;
};

Cursor parse_cursor(std::string_view text) {
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return {};
  std::size_t offset = 0;
  std::string_view number = text.substr(dot + 1);
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), offset);
  if (error != std::errc() || end != number.data() + number.size() || offset > 100'000) return {};
  std::string_view feed = text.substr(0, dot);
  if (feed.empty() || feed.size() > 32) return {};
  return {std::string(feed), offset};
}

std::string new_feed_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[17];
  auto end = std::to_chars(text, text + sizeof text, random(), 16).ptr;
  return std::string(text, end);
}

uint64_t seed_of(const std::string& user, int64_t epoch) {
  return std::hash<std::string>{}(user) ^ (static_cast<uint64_t>(epoch) * 0x9e3779b97f4a7c15ULL);
}

nlohmann::json item_json(const rank::VideoInfo& video, std::string_view source) {
  return {{"video", video.id},
          {"master", "/v/" + video.id + "/master.m3u8"},
          {"creator", video.creator},
          {"duration_ms", video.duration_ms},
          {"source", source}};
}

std::optional<rank::Source> source_from(std::string_view name) {
  for (auto s : {rank::Source::kTrending, rank::Source::kInterest, rank::Source::kCoWatch,
                 rank::Source::kFollowed, rank::Source::kExplore}) {
    if (rank::to_string(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace

struct FeedWorker::FeedJob {
  ViewerFeedRequest request;
  Cursor cursor;
  ReplyDone done;
  std::shared_ptr<const FeedSnapshot> snapshot;
  rank::ViewerProfile viewer;
  int64_t epoch = 0;
  std::vector<rank::RankedItem> items;  // the page, in order
};

void FeedWorker::viewer_feed(ViewerFeedRequest request, ReplyDone done) {
  auto job = std::make_shared<FeedJob>();
  job->cursor = parse_cursor(request.cursor);
  job->request = std::move(request);
  job->done = counted("viewer", std::move(done));
  job->snapshot = shared_.board.current();
  if (job->cursor.feed == kFallbackCursor) {
    // A viewer paged through the fallback while Redis was away; once it is back they get
    // their own feed again.
    if (!job->snapshot->redis_ok) return serve_fallback(job);
    job->cursor = {};
  }
  if (job->cursor.feed.empty()) return load_profile(job);
  page_stored(job);
}

// The next page of a stored feed: its next entries and, for those only, whether the viewer
// watched them meanwhile (ZMSCORE), not the viewer's whole history.
void FeedWorker::page_stored(std::shared_ptr<FeedJob> job) {
  const std::string& user = job->request.user;
  std::size_t first = job->cursor.offset;
  std::vector<Command> reads = {{"LRANGE", keys_.feed(user, job->cursor.feed),
                                 std::to_string(first),
                                 std::to_string(first + 2 * job->request.count - 1)}};
  reads.push_back({"LLEN", keys_.done(user)});
  redis_.send(std::move(reads), [this, job](core::redis::PipelineResult replies) {
    if (!replies) return serve_fallback(job);
    if ((*replies)[0].elements.empty()) return load_profile(job);
    job->viewer.user = job->request.user;
    job->viewer.completed_count = (*replies)[1].as_integer().value_or(0);
    const rank::Catalog& catalog = *job->snapshot->catalog;
    auto entries = std::make_shared<std::vector<rank::RankedItem>>();
    Command seen = {"ZMSCORE", keys_.seen(job->request.user)};
    for (const Reply& entry : (*replies)[0].elements) {
      std::string_view text = entry.text;
      auto colon = text.rfind(':');
      auto index =
          colon == std::string_view::npos ? std::nullopt : catalog.find(text.substr(0, colon));
      auto source =
          colon == std::string_view::npos ? std::nullopt : source_from(text.substr(colon + 1));
      // An entry the catalog lost (a deleted video) still takes its place in the offsets.
      entries->push_back({index.value_or(kGone), 0, source.value_or(rank::Source::kTrending)});
      seen.emplace_back(text.substr(0, colon == std::string_view::npos ? 0 : colon));
    }
    redis_.send({std::move(seen)}, [this, job, entries](core::redis::PipelineResult scores) {
      if (!scores) return serve_fallback(job);
      const std::vector<Reply>& watched = scores->front().elements;
      std::size_t consumed = 0;
      for (std::size_t i = 0; i < entries->size(); ++i) {
        if (job->items.size() == job->request.count) break;
        ++consumed;
        bool was_watched = i < watched.size() && !watched[i].is_nil();
        if ((*entries)[i].video != kGone && !was_watched) job->items.push_back((*entries)[i]);
      }
      if (job->items.empty()) return load_profile(job);
      std::size_t at = job->cursor.offset + consumed;
      // With its expiry, in one transaction: the key may have expired since the feed was read,
      // and HSET alone would make it again without one.
      const std::string current = keys_.current(job->request.user);
      redis_.send(
          {{"MULTI"},
           {"HSET", current, "feed", job->cursor.feed, "at", std::to_string(job->cursor.offset)},
           {"EXPIRE", current, std::to_string(shared_.config.feed_ttl_s)},
           {"EXEC"}},
          [](core::redis::PipelineResult) {});
      reply_page(job, job->cursor.feed + "." + std::to_string(at));
    });
  });
}

// What ranking a new feed needs to know of the viewer, in one round trip.
void FeedWorker::load_profile(std::shared_ptr<FeedJob> job) {
  const std::string& user = job->request.user;
  job->items.clear();
  const rank::EffectPolicy& effects = shared_.config.effects;
  std::vector<Command> reads = {
      {"ZRANGE", keys_.seen(user), "0", "-1"},
      {"LRANGE", keys_.done(user), "0", std::to_string(effects.recent_completions - 1)},
      {"LRANGE", keys_.interest(user), "0",
       std::to_string(shared_.config.interest_signals_kept - 1)},
      {"SMEMBERS", keys_.follows(user)}};
  redis_.send(std::move(reads), [this, job](core::redis::PipelineResult replies) {
    if (!replies) return serve_fallback(job);
    rank::ViewerProfile& viewer = job->viewer;
    viewer = {};
    viewer.user = job->request.user;
    const std::vector<Reply>& read = *replies;
    job->epoch = profile_epoch({read[0], read[1], read[2], read[3]});
    for (const Reply& r : (*replies)[0].elements)
      viewer.seen.insert(r.text);
    for (const Reply& r : (*replies)[1].elements)
      viewer.recent_completions.push_back(r.text);
    viewer.completed_count = static_cast<int64_t>(viewer.recent_completions.size());
    add_interest(job, (*replies)[2]);
    for (const Reply& r : (*replies)[3].elements)
      viewer.follows.insert(r.text);
    rank_fresh(job);
  });
}

// Spreads each of the viewer's interest signals over the video's hashtags and creator. A
// signal on a video no longer in the catalog counts for nothing.
void FeedWorker::add_interest(const std::shared_ptr<FeedJob>& job, const Reply& list) {
  const rank::Catalog& catalog = *job->snapshot->catalog;
  const int64_t now_s = shared_.clock.unix_seconds();
  const double half_life_s = shared_.config.effects.interest_half_life_s;
  for (const Reply& item : list.elements) {
    std::optional<InterestEntry> entry = parse_interest_entry(item.text);
    if (!entry) continue;
    if (std::optional<rank::VideoIndex> video = catalog.find(entry->video)) {
      rank::add_interest(job->viewer, catalog.at(*video),
                         interest_weight(*entry, now_s, half_life_s));
    }
  }
}

void FeedWorker::rank_fresh(std::shared_ptr<FeedJob> job) {
  job->items.clear();
  auto cached = shared_.cache.find(job->request.user, job->epoch, job->request.region,
                                   job->snapshot->catalog.get());
  if (cached) {
    for (const rank::RankedItem& item : cached->items) {
      if (!job->viewer.seen.contains(job->snapshot->catalog->at(item.video).id))
        job->items.push_back(item);
    }
    return finish_fresh(job);
  }
  const rank::FeedPolicy& policy = shared_.config.policy;
  std::vector<Command> reads;
  const std::vector<std::string>& completed = job->viewer.recent_completions;
  for (std::size_t i = 0; i < completed.size() && i < policy.co_watch_recent; ++i) {
    reads.push_back({"ZREVRANGE", keys_.co_watch(completed[i]), "0",
                     std::to_string(policy.co_watch_read - 1), "WITHSCORES"});
  }
  auto rank = [this, job](const std::vector<Reply>& co_watch) {
    const FeedSnapshot& snapshot = *job->snapshot;
    rank::FeedInputs inputs;
    inputs.catalog = snapshot.catalog.get();
    inputs.stats = [&snapshot](rank::VideoIndex i) { return snapshot.stats_of(i); };
    inputs.viewer = &job->viewer;
    inputs.trending_indexed = snapshot.trending_indexed_in(job->request.region);
    for (std::size_t i = 0; i < co_watch.size(); ++i) {
      auto& list = inputs.co_watch[job->viewer.recent_completions[i]];
      const Reply& r = co_watch[i];
      for (std::size_t j = 0; j + 1 < r.elements.size(); j += 2)
        list.emplace_back(r.elements[j].text, r.elements[j + 1].as_double().value_or(0));
    }
    inputs.now_s = shared_.clock.unix_seconds();
    inputs.seed = seed_of(job->request.user, job->epoch);
    auto feed = std::make_shared<CachedFeed>();
    feed->epoch = job->epoch;
    feed->region = job->request.region;
    feed->catalog = snapshot.catalog;
    feed->items = rank::rank_feed(inputs, shared_.config.policy, shared_.config.stored_feed);
    job->items = feed->items;
    shared_.cache.put(job->request.user, std::move(feed));
    finish_fresh(job);
  };
  if (reads.empty()) return rank({});
  redis_.send(std::move(reads), [rank, this, job](core::redis::PipelineResult replies) {
    if (!replies) return serve_fallback(job);
    rank(*replies);
  });
}

// Stores the ranked feed under a new id and answers its first page.
void FeedWorker::finish_fresh(std::shared_ptr<FeedJob> job) {
  const rank::Catalog& catalog = *job->snapshot->catalog;
  const std::string& user = job->request.user;
  std::string id = new_feed_id();
  std::size_t page = std::min(job->request.count, job->items.size());
  // One transaction: a cut connection never leaves a key without its expiry.
  std::vector<Command> writes = {{"MULTI"}};
  if (!job->items.empty()) {
    std::string key = keys_.feed(user, id);
    Command push = {"RPUSH", key};
    for (const rank::RankedItem& item : job->items)
      push.push_back(catalog.at(item.video).id + ":" + std::string(rank::to_string(item.source)));
    writes.push_back(std::move(push));
    writes.push_back({"EXPIRE", key, std::to_string(shared_.config.feed_ttl_s)});
  }
  writes.push_back({"HSET", keys_.current(user), "feed", id, "at", "0"});
  writes.push_back({"EXPIRE", keys_.current(user), std::to_string(shared_.config.feed_ttl_s)});
  writes.push_back({"EXEC"});
  job->items.resize(page);
  redis_.send(std::move(writes), [this, job, cursor = id + "." + std::to_string(page)](
                                     core::redis::PipelineResult stored) {
    // A feed that could not be stored is still this viewer's best page; its cursor just
    // starts a new feed when it is used.
    reply_page(job, stored && core::redis::transaction_applied(*stored) ? cursor : std::string());
  });
}

void FeedWorker::serve_fallback(std::shared_ptr<FeedJob> job) {
  const FeedSnapshot& snapshot = *job->snapshot;
  // One cold feed per region and snapshot, shared by every viewer this worker serves from
  // the fallback: it ranks what it would rank for any newcomer.
  if (fallback_.size() >= kFallbackRegions && !fallback_.contains(job->request.region))
    fallback_.clear();
  FallbackFeed& cached = fallback_[job->request.region];
  if (cached.snapshot != job->snapshot) {
    rank::ViewerProfile cold;
    rank::FeedInputs inputs;
    inputs.catalog = snapshot.catalog.get();
    inputs.stats = [&snapshot](rank::VideoIndex i) { return snapshot.stats_of(i); };
    inputs.viewer = &cold;
    inputs.trending_indexed = snapshot.trending_indexed_in(job->request.region);
    inputs.now_s = shared_.clock.unix_seconds();
    cached.items = rank::rank_feed(inputs, shared_.config.policy, shared_.config.stored_feed);
    cached.snapshot = job->snapshot;
  }
  std::size_t first = job->cursor.feed == kFallbackCursor ? job->cursor.offset : 0;
  first = std::min(first, cached.items.size());
  std::size_t last = std::min(first + job->request.count, cached.items.size());
  job->items.assign(cached.items.begin() + static_cast<std::ptrdiff_t>(first),
                    cached.items.begin() + static_cast<std::ptrdiff_t>(last));
  FeedReply reply;
  reply.fallback = true;
  nlohmann::json list = nlohmann::json::array();
  for (const rank::RankedItem& item : job->items)
    list.push_back(item_json(snapshot.catalog->at(item.video), rank::to_string(item.source)));
  reply.body = {
      {"user", job->request.user},
      {"region", job->request.region},
      {"source", "fallback"},
      {"items", std::move(list)},
      {"cursor", std::string(kFallbackCursor) + "." + std::to_string(first + job->items.size())}};
  job->done(std::move(reply));
}

void FeedWorker::reply_page(const std::shared_ptr<FeedJob>& job, std::string cursor) {
  const rank::Catalog& catalog = *job->snapshot->catalog;
  nlohmann::json list = nlohmann::json::array();
  for (const rank::RankedItem& item : job->items)
    list.push_back(item_json(catalog.at(item.video), rank::to_string(item.source)));
  FeedReply reply;
  reply.body = {
      {"user", job->request.user},
      {"region", job->request.region},
      {"source",
       rank::is_personalised(&job->viewer, shared_.config.policy) ? "personalised" : "trending"},
      {"items", std::move(list)},
      {"cursor", std::move(cursor)}};
  job->done(std::move(reply));
}

}  // namespace origin::feed
