// run_replay_engine(): plan, resolve, scrape, play, scrape, sum. Everything runs on one loop;
// the asynchronous steps (catalog, scrapes) wait on it with run_until().
#include "bench/swipebench/replay/engine.h"

#include <event2/event.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>

#include "bench/swipebench/replay/catalog.h"
#include "bench/swipebench/replay/edge_metrics.h"
#include "bench/swipebench/replay/event_reporter.h"
#include "bench/swipebench/replay/event_scheduler.h"
#include "bench/swipebench/replay/fetcher_factory.h"
#include "bench/swipebench/replay/player.h"
#include "bench/swipebench/replay/progress.h"
#include "core/base/unique_handle.h"
#include "core/client/http_endpoint.h"

namespace swipebench::replay {
namespace {

using LoopPtr = core::base::UniqueHandle<event_base, event_base_free>;

struct ViewerPlan {
  std::string user;
  std::string ip;
  std::vector<const SwipeRow*> rows;
};

std::vector<ViewerPlan> plan_viewers(const ReplayOptions& o, const Trace& trace) {
  std::vector<ViewerPlan> plans;
  std::map<std::string, size_t, std::less<>> index;
  for (const SwipeRow& row : trace.rows) {
    if (o.duration_s > 0 && static_cast<double>(row.ts_ms) >= o.duration_s * 1000) break;
    auto it = index.find(row.user);
    if (it == index.end()) {
      if (o.max_viewers > 0 && static_cast<int64_t>(plans.size()) >= o.max_viewers) continue;
      it = index.emplace(row.user, plans.size()).first;
      plans.push_back({row.user, row.ip, {}});
    }
    plans[it->second].rows.push_back(&row);
  }
  return plans;
}

// Runs the loop until `done()` or `deadline_ms` (steady clock).
void run_until(event_base* loop, const Scheduler& clock, const std::function<bool()>& done,
               int64_t deadline_ms) {
  // A timer wakes the loop at least every 50 ms so that the deadline and `done` are seen.
  while (!done() && clock.now_ms() < deadline_ms) {
    timeval tick{.tv_sec = 0, .tv_usec = 50'000};
    event_base_loopexit(loop, &tick);
    event_base_loop(loop, EVLOOP_ONCE);
  }
}

// "http://h:p/path" -> ("http://h:p", "/path").
std::pair<std::string, std::string> split_url(const std::string& url) {
  size_t slash = url.find('/', url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

// One GET of a whole body; the error says why not.
std::expected<std::string, std::string> get_body(event_base* loop, const Scheduler& clock,
                                                 const std::string& url, int64_t timeout_ms) {
  auto [base, path] = split_url(url);
  auto endpoint =
      core::client::HttpEndpoint::create(loop, base, std::chrono::milliseconds(timeout_ms));
  if (!endpoint) return std::unexpected(endpoint.error());
  std::optional<std::expected<std::string, std::string>> result;
  core::http::Request request;
  request.method = "GET";
  request.target = path;
  (*endpoint)->call(request, [&result](std::expected<core::client::HttpReply, std::string> r) {
    if (!r) {
      result = std::unexpected(r.error());
    } else if (r->status != 200) {
      result = std::unexpected("status " + std::to_string(r->status));
    } else {
      result = std::move(r->body);
    }
  });
  run_until(
      loop, clock, [&result] { return result.has_value(); }, clock.now_ms() + timeout_ms * 2);
  if (!result) return std::unexpected("timeout");
  return *result;
}

std::map<std::string, double> scrape(event_base* loop, const Scheduler& clock,
                                     const std::string& url, int64_t timeout_ms,
                                     std::string& error) {
  auto body = get_body(loop, clock, url, timeout_ms);
  if (!body) {
    error = body.error();
    return {};
  }
  return parse_exposition(*body);
}

}  // namespace

std::expected<RunOutput, std::string> run_replay_engine(const ReplayOptions& o,
                                                        const Trace& trace) {
  LoopPtr loop(event_base_new());
  EventScheduler clock(loop.get());
  std::vector<ViewerPlan> plans = plan_viewers(o, trace);

  // "#N" names, from the origin's region feed.
  std::vector<std::string> ranked;
  bool ranks = std::ranges::any_of(
      trace.rows, [](const SwipeRow& r) { return video_rank(r.video).has_value(); });
  if (ranks) {
    if (o.origin.empty()) return std::unexpected("--origin: needed for \"#N\" video names");
    std::string url = o.origin + "/api/feed/region/" + o.catalog_region +
                      "?count=" + std::to_string(o.catalog_size);
    auto body = get_body(loop.get(), clock, url, o.timeout_ms);
    auto parsed = body ? parse_region_feed(*body) : std::unexpected(body.error());
    if (parsed) ranked = std::move(*parsed);
    // A catalog without history: the cold-start feed of a viewer who watched nothing.
    std::string cursor;
    for (int page = 0; parsed && ranked.empty() && page < 10; ++page) {
      std::string feed = o.origin + "/api/feed?user=swipebench-catalog&region=" + o.catalog_region +
                         "&count=50" + (cursor.empty() ? "" : "&cursor=" + cursor);
      auto text = get_body(loop.get(), clock, feed, o.timeout_ms);
      auto items = text ? parse_viewer_feed(*text) : std::unexpected(text.error());
      if (!items) {
        parsed = std::unexpected(feed + ": " + items.error());
        break;
      }
      ranked.insert(ranked.end(), items->ids.begin(), items->ids.end());
      if (items->cursor.empty() || items->ids.empty() ||
          static_cast<int64_t>(ranked.size()) >= o.catalog_size)
        break;
      cursor = items->cursor;
    }
    if (!parsed || ranked.empty()) {
      std::fprintf(stderr, "replay: the catalog (%s): %s; \"#N\" names fail\n", url.c_str(),
                   parsed ? "no videos" : parsed.error().c_str());
    }
  }

  std::string metrics_url = o.metrics_url.empty() ? o.target + "/metrics" : o.metrics_url;
  RunOutput out;
  RunResults& r = out.results;
  std::string scrape_error;
  auto before = scrape(loop.get(), clock, metrics_url, o.timeout_ms, scrape_error);

  // Swipes are planned as offsets from the start, which is fixed once every connection object
  // exists (making thousands takes a while): the first swipe plays 200 ms after that.
  int64_t first_ts = trace.rows.empty() ? 0 : trace.rows.front().ts_ms;
  int64_t start = 0;
  auto at = [&](int64_t ts) {
    return static_cast<int64_t>(static_cast<double>(ts - first_ts) / o.speed);
  };
  std::vector<std::vector<PlannedSwipe>> planned(plans.size());
  std::vector<std::vector<std::string>> resolved_videos(plans.size());
  out.viewers.resize(plans.size());
  std::vector<double> lags;
  std::vector<std::unique_ptr<Fetcher>> fetchers;
  std::vector<std::unique_ptr<Player>> players;
  int64_t done = 0;
  int64_t planned_end = 0;
  for (size_t i = 0; i < plans.size(); ++i) {
    const ViewerPlan& plan = plans[i];
    out.viewers[i].user = plan.user;
    ConnectionOptions co{
        .connect_timeout = std::chrono::milliseconds(std::min<int64_t>(o.timeout_ms, 2'000)),
        .request_timeout = std::chrono::milliseconds(o.timeout_ms),
        .forwarded_for = o.forwarded_for ? plan.ip : std::string()};
    auto fetcher = make_fetcher(loop.get(), o.target, o.http2, co);
    if (!fetcher) return std::unexpected("--target: " + fetcher.error());
    std::vector<PlannedSwipe> swipes;
    for (const SwipeRow* row : plan.rows) {
      std::string video = row->video;
      if (auto rank = video_rank(video)) video = resolve_rank(ranked, *rank);
      resolved_videos[i].push_back(video);
      swipes.push_back({video, at(row->ts_ms), at(row->ts_ms + row->watch_ms)});
      planned_end = std::max(planned_end, swipes.back().leave_ms);
    }
    planned[i] = std::move(swipes);
    fetchers.push_back(std::move(*fetcher));
  }
  // The app's interaction events go to the origin, as a real app's do.
  std::unique_ptr<EventReporter> events;
  if (!o.origin.empty() && o.events) {
    auto reporter =
        EventReporter::create(loop.get(), o.origin, std::chrono::milliseconds(o.timeout_ms));
    if (!reporter) return std::unexpected("--origin: " + reporter.error());
    events = std::move(*reporter);
  }
  start = clock.now_ms() + 200;
  planned_end += start;
  for (size_t i = 0; i < plans.size(); ++i) {
    const ViewerPlan& plan = plans[i];
    std::vector<PlannedSwipe> swipes = std::move(planned[i]);
    for (PlannedSwipe& s : swipes) {
      s.at_ms += start;
      s.leave_ms += start;
    }
    PlayerConfig pc{
        .buffer_target_ms = o.buffer_ms,
        .prefetch = o.prefetch,
        .speed = o.speed,
        .session_id = plan.user + "-" + std::to_string(start),
        .run_start_ms = start,
        .on_swipe_lag = [&lags](int64_t lag) { lags.push_back(static_cast<double>(lag)); },
        .on_leave = {}};
    if (events) {
      pc.on_leave = [&events, &plan, &resolved = resolved_videos[i]](
                        size_t index, int64_t duration_ms, bool started) {
        if (duration_ms <= 0 || index >= plan.rows.size()) return;
        const SwipeRow& row = *plan.rows[index];
        // A clip left before it started was skipped, whatever the viewer meant to do.
        events->add({row.user, row.region, resolved[index], started ? row.watch_ms : 0, duration_ms,
                     started ? row.action : "skip"});
      };
    }
    players.push_back(std::make_unique<Player>(std::move(pc), std::move(swipes), *fetchers[i],
                                               clock, out.viewers[i], [&done] { ++done; }));
  }
  for (auto& p : players)
    p->start();

  Progress progress(stderr);
  auto total = static_cast<int64_t>(players.size());
  auto report = [&] {
    uint64_t requests = 0;
    for (const ViewerStats& v : out.viewers)
      requests += v.requests;
    progress.update({done, total, requests, static_cast<double>(clock.now_ms() - start) / 1000,
                     static_cast<double>(planned_end - start) / 1000});
  };
  // Past the last leave, requests in flight are given one timeout to end; then the run stops.
  int64_t deadline = planned_end + o.timeout_ms + 1'000;
  while (done < total && clock.now_ms() < deadline) {
    run_until(
        loop.get(), clock, [&] { return done >= total; },
        std::min(deadline, clock.now_ms() + 1'000));
    report();
  }
  progress.finish();
  if (events) {
    // What the last viewers reported is sent before the run ends.
    run_until(
        loop.get(), clock,
        [&] {
          events->flush();
          return events->idle();
        },
        clock.now_ms() + o.timeout_ms);
    r.events = events->counts();
  }
  r.elapsed_s = static_cast<double>(clock.now_ms() - start) / 1000;
  r.planned_s = static_cast<double>(planned_end - start) / 1000;
  players.clear();
  fetchers.clear();

  auto after = scrape(loop.get(), clock, metrics_url, o.timeout_ms, scrape_error);
  r.edge.scraped = scrape_error.empty();
  r.edge.error = scrape_error;
  if (r.edge.scraped) {
    for (const auto& [name, value] : after)
      r.edge.delta[name] = value - (before.contains(name) ? before.at(name) : 0);
  }
  r.target = o.target;
  r.protocol = o.http2 ? "h2" : "h1";
  r.speed = o.speed;
  r.prefetch = o.prefetch;
  summarize(out.viewers, o.speed, r);
  r.lag_p99_ms = percentile(lags, 0.99);
  r.lag_max_ms = lags.empty() ? 0 : *std::ranges::max_element(lags);
  r.fell_behind = r.lag_p99_ms && *r.lag_p99_ms > static_cast<double>(o.max_lag_ms);
  return out;
}

}  // namespace swipebench::replay
