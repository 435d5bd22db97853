// FeedWorker::region_feed: who is active in the region and where they are in their feeds
// (three round trips, each one pipeline), the region's swipe-survival counts and recent
// session starts, then rank::rank_region. Without Redis: trending and the model's priors.
#include <set>

#include "origin/feed/feed_worker.h"
#include "origin/rank/swipe_survival.h"

namespace origin::feed {
namespace {

using core::redis::Command;
using core::redis::Reply;

constexpr std::size_t kMaxViewers = 2'000;  // active viewers read per request
constexpr std::size_t kUpcoming = 50;       // feed positions read ahead of each viewer
constexpr int64_t kSessionMinutes = 5;      // the window of the new-session rate

// Sessions started per second, from the last minutes' count plus one: a quiet region (or one
// whose counts are out of reach) may still see a viewer arrive, and then starts on trending.
double session_rate(int64_t started) {
  return static_cast<double>(started + 1) / (kSessionMinutes * 60.0);
}

struct RegionJob {
  std::string region;
  std::size_t count = 0;
  double horizon_s = 60;
  ReplyDone done;
  std::shared_ptr<const FeedSnapshot> snapshot;
  rank::SurvivalCounts counts;
  double new_sessions_per_s = session_rate(0);
  std::vector<std::string> users;
  std::vector<std::set<std::string>> seen;  // per user, their latest watches
  std::vector<std::string> latest;          // per user, the clip they watched last
  std::vector<rank::ActiveViewer> viewers;
};

void answer(const RegionJob& job, bool fallback) {
  const FeedSnapshot& snapshot = *job.snapshot;
  rank::RegionInputs inputs;
  inputs.viewers = job.viewers;
  for (const auto& [video, score] : snapshot.trending_in(job.region)) {
    if (snapshot.catalog->find(video)) inputs.trending.push_back(video);
  }
  inputs.new_sessions_per_s = job.new_sessions_per_s;
  inputs.horizon_s = job.horizon_s;
  auto model = rank::SwipeSurvival::fit(job.counts);
  nlohmann::json list = nlohmann::json::array();
  for (const rank::RegionItem& item : rank::rank_region(inputs, model, job.count)) {
    auto index = snapshot.catalog->find(item.video);
    if (!index) continue;
    list.push_back({{"video", item.video},
                    {"p", item.p},
                    {"renditions", snapshot.catalog->at(*index).renditions}});
  }
  job.done({200, std::move(list), fallback});
}

}  // namespace

void FeedWorker::region_feed(std::string region, std::size_t count, double horizon_s,
                             ReplyDone done) {
  auto job = std::make_shared<RegionJob>();
  job->region = std::move(region);
  job->count = count;
  job->horizon_s = horizon_s;
  job->done = counted("region", std::move(done));
  job->snapshot = shared_.board.current();
  const FeedConfig& config = shared_.config;
  int64_t now_ms = shared_.clock.unix_seconds() * 1000;
  int64_t minute = now_ms / 60'000;
  std::vector<Command> reads = {
      {"ZRANGEBYSCORE", keys_.active(job->region),
       std::to_string(now_ms - config.active_window_s * 1000), "+inf", "LIMIT", "0",
       std::to_string(kMaxViewers)},
      {"HMGET", keys_.survival(job->region), "watches", "session_starts", "watch_ms"}};
  Command sessions = {"MGET"};
  // The current minute is partial: the rate is over the kSessionMinutes full ones before it.
  for (int64_t m = minute - kSessionMinutes; m < minute; ++m)
    sessions.push_back(keys_.sessions(job->region, m));
  reads.push_back(std::move(sessions));
  redis_.send(std::move(reads), [this, job](core::redis::PipelineResult replies) {
    if (!replies) return answer(*job, true);
    for (const Reply& user : (*replies)[0].elements)
      job->users.push_back(user.text);
    const Reply& counts = (*replies)[1];
    if (counts.elements.size() == 3) {
      job->counts.watches = counts.elements[0].as_integer().value_or(0);
      job->counts.session_starts = counts.elements[1].as_integer().value_or(0);
      job->counts.watch_ms = counts.elements[2].as_integer().value_or(0);
    }
    int64_t started = 0;
    for (const Reply& m : (*replies)[2].elements)
      started += m.as_integer().value_or(0);
    job->new_sessions_per_s = session_rate(started);
    if (job->users.empty()) return answer(*job, false);
    std::vector<Command> where;
    for (const std::string& user : job->users) {
      where.push_back({"HMGET", keys_.current(user), "feed", "at"});
      where.push_back({"ZREVRANGE", keys_.seen(user), "0", std::to_string(kUpcoming - 1)});
    }
    redis_.send(std::move(where), [this, job](core::redis::PipelineResult positions) {
      if (!positions) return answer(*job, true);
      std::vector<Command> feeds;
      std::vector<std::size_t> owners;
      for (std::size_t i = 0; i < job->users.size(); ++i) {
        const Reply& current = (*positions)[2 * i];
        std::set<std::string> seen;
        const Reply& watched = (*positions)[2 * i + 1];
        for (const Reply& r : watched.elements)
          seen.insert(r.text);
        job->seen.push_back(std::move(seen));
        job->latest.push_back(watched.elements.empty() ? std::string() : watched.elements[0].text);
        if (current.elements.size() != 2 || current.elements[0].is_nil() ||
            job->latest.back().empty())
          continue;
        int64_t at = current.elements[1].as_integer().value_or(0);
        feeds.push_back({"LRANGE", keys_.feed(job->users[i], current.elements[0].text),
                         std::to_string(at), std::to_string(at + kUpcoming - 1)});
        owners.push_back(i);
      }
      if (feeds.empty()) return answer(*job, false);
      redis_.send(std::move(feeds), [this, job, owners](core::redis::PipelineResult lists) {
        if (!lists) return answer(*job, true);
        for (std::size_t k = 0; k < owners.size(); ++k) {
          const std::set<std::string>& seen = job->seen[owners[k]];
          rank::ActiveViewer viewer;
          // The viewer is on the clip they watched last; what they have not watched of their
          // page comes next, in page order.
          viewer.upcoming.push_back(job->latest[owners[k]]);
          for (const Reply& entry : (*lists)[k].elements) {
            std::string id = entry.text.substr(0, entry.text.rfind(':'));
            if (!seen.contains(id)) viewer.upcoming.push_back(std::move(id));
          }
          if (!viewer.upcoming.empty()) job->viewers.push_back(std::move(viewer));
        }
        answer(*job, false);
      });
    });
  });
}

}  // namespace origin::feed
