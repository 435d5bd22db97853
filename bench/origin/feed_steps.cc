// run_feed_steps: one FeedMix drives every step, so sessions and their cursors carry over from
// step to step as they would in a live system. Watches of served pages queue up and a 100 ms
// timer posts the newest of them as one batch, at most events_per_s / 10 per tick.
#include "bench/origin/feed_steps.h"

#include <deque>
#include <memory>

#include "bench/origin/feed_loop.h"

namespace bench::feed {
namespace {

constexpr double kEventTickS = 0.1;

struct Session {
  std::size_t viewer = 0;
  std::string cursor;
  int pages_left = 0;
};

struct Watch {
  std::size_t viewer = 0;
  std::string video;
  int64_t duration_ms = 0;
};

// What one step gathers; answers to its requests land here even after the step ended.
struct Gathered {
  StepResult result;
  std::vector<double> all, first, next, events;
  Clock::time_point start, last_answer;
  std::size_t in_flight = 0;
};

class FeedMix {
 public:
  FeedMix(event_base* loop, HttpCaller& http, const World& world, const StepOptions& options)
      : http_(http),
        world_(world),
        options_(options),
        rng_(options.seed),
        maker_(world, options.seed + 1),
        tick_(event_new(loop, -1, EV_PERSIST, &FeedMix::on_tick, this)) {
    timeval every{0, static_cast<suseconds_t>(kEventTickS * 1e6)};
    event_add(tick_.get(), &every);
  }
  ~FeedMix() { event_del(tick_.get()); }

  // Where answers to what is issued from now on are gathered (nullptr: warm-up).
  void gather_into(Gathered* gathered) { current_ = gathered; }

  void issue(Clock::time_point scheduled) {
    Session session;
    bool next = !ready_.empty() && unit() < options_.next_share;
    if (next) {
      session = std::move(ready_.front());
      ready_.pop_front();
    } else {
      session.viewer = world_.active_viewer(rng_);
      std::geometric_distribution<int> extra(1.0 / options_.mean_pages);
      session.pages_left = std::min(1 + extra(rng_), 30);
    }
    std::string target = "/api/feed?user=" + World::viewer_name(session.viewer) +
                         "&region=" + world_.region_of(session.viewer) +
                         "&count=" + std::to_string(options_.count);
    if (next) target += "&cursor=" + session.cursor;
    Gathered* into = current_;
    if (into) ++into->in_flight;
    http_.get(std::move(target),
              [this, into, scheduled, next, session = std::move(session)](HttpResult r) mutable {
                answered(into, scheduled, next, std::move(session), std::move(r));
              });
  }

 private:
  double unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }

  void answered(Gathered* into, Clock::time_point scheduled, bool next, Session session,
                HttpResult r) {
    Clock::time_point now = Clock::now();
    auto body =
        r.status == 200 ? nlohmann::json::parse(r.body, nullptr, false) : nlohmann::json(nullptr);
    bool ok = body.is_object() && body.contains("items") && body["items"].is_array();
    if (into) {
      --into->in_flight;
      into->last_answer = now;
      StepResult& s = into->result;
      if (!ok) {
        ++s.errors;
        if (s.errors <= 3)
          std::fprintf(stderr, "feed: answer %d %.200s\n", r.status, r.body.c_str());
      } else {
        ++s.ok;
        double ms = ms_between(scheduled, now);
        into->all.push_back(ms);
        (next ? into->next : into->first).push_back(ms);
        std::string source = body.value("source", "");
        if (source == "personalised") ++s.personalised;
        if (source == "trending") ++s.trending;
        if (source == "fallback") ++s.fallback;
      }
    }
    if (!ok) return;
    for (const auto& item : body["items"]) {
      if (!item.is_object()) continue;
      watches_.push_back(
          {session.viewer, item.value("video", ""), item.value("duration_ms", int64_t{15'000})});
    }
    std::size_t keep = static_cast<std::size_t>(2 * options_.events_per_s);
    while (watches_.size() > keep)
      watches_.pop_front();
    session.cursor = body.value("cursor", "");
    if (--session.pages_left > 0 && !session.cursor.empty() && ready_.size() < 100'000)
      ready_.push_back(std::move(session));
  }

  static void on_tick(evutil_socket_t, short, void* self) {
    static_cast<FeedMix*>(self)->post_events();
  }

  // The newest watches, as viewers' players would report them.
  void post_events() {
    auto budget = static_cast<std::size_t>(options_.events_per_s * kEventTickS);
    if (watches_.empty() || budget == 0) return;
    std::string body = "[";
    std::size_t made = 0;
    while (made < budget && !watches_.empty()) {
      const Watch& w = watches_.back();
      made += maker_.append_watch(body, World::viewer_name(w.viewer), world_.region_of(w.viewer),
                                  w.video, w.duration_ms);
      watches_.pop_back();
    }
    body += ']';
    Gathered* into = current_;
    Clock::time_point sent = Clock::now();
    if (into) into->result.events_posted += made;
    http_.post_json("/api/events", std::move(body), [into, sent](HttpResult r) {
      if (!into) return;
      into->events.push_back(ms_between(sent, Clock::now()));
      auto answer = nlohmann::json::parse(r.body, nullptr, false);
      if (r.status == 200 && answer.is_object())
        into->result.events_accepted += answer.value("accepted", std::size_t{0});
    });
  }

  HttpCaller& http_;
  const World& world_;
  const StepOptions& options_;
  Rng rng_;
  EventMaker maker_;
  std::deque<Session> ready_;
  std::deque<Watch> watches_;
  Gathered* current_ = nullptr;
  core::base::UniqueHandle<event, event_free> tick_;
};

}  // namespace

std::vector<StepResult> run_feed_steps(event_base* loop, HttpCaller& http, const World& world,
                                       const StepOptions& options) {
  FeedMix mix(loop, http, world, options);
  std::vector<std::unique_ptr<Gathered>> steps;
  if (options.warmup_s > 0 && !options.rates.empty()) {
    OpenLoop warmup(loop, options.rates.front(), options.warmup_s,
                    [&](Clock::time_point at) { mix.issue(at); });
    warmup.start();
    run_until(
        loop, [&] { return warmup.finished() && http.in_flight() == 0; },
        options.warmup_s + options.drain_s);
  }
  for (double rate : options.rates) {
    auto& g = steps.emplace_back(std::make_unique<Gathered>());
    g->result.target_rate = rate;
    mix.gather_into(g.get());
    auto cpu_before = cpu_seconds(options.server_pids);
    g->start = g->last_answer = Clock::now();
    OpenLoop open(loop, rate, options.seconds, [&](Clock::time_point at) {
      ++g->result.sent;
      mix.issue(at);
    });
    open.start();
    run_until(
        loop, [&] { return open.finished(); }, options.seconds + 60);
    mix.gather_into(nullptr);
    if (!run_until(
            loop, [&] { return g->in_flight == 0; }, options.drain_s)) {
      // Unanswered requests are errors; their answers, if any come, are ignored.
      g->result.errors += g->in_flight;
    }
    g->result.server_cpu_s = cpu_since(cpu_before, options.server_pids);
    g->result.seconds = std::chrono::duration<double>(g->last_answer - g->start).count();
    std::fprintf(stderr, "step %.0f/s: %zu sent, %zu ok, %zu errors\n", rate, g->result.sent,
                 g->result.ok, g->result.errors);
  }
  // Let the last event posts land before their accumulators go.
  run_until(
      loop, [&] { return http.in_flight() == 0; }, options.drain_s);
  http.cancel_all();
  std::vector<StepResult> results;
  for (auto& g : steps) {
    g->result.all = summarize(g->all);
    g->result.first_page = summarize(g->first);
    g->result.next_page = summarize(g->next);
    g->result.events_post = summarize(g->events);
    results.push_back(g->result);
  }
  return results;
}

std::string describe_mix(const StepOptions& o, const World& world) {
  char text[640];
  std::snprintf(text, sizeof text,
                "Open loop, latency from the scheduled send time. Each request is a next page "
                "(cursor from the previous answer) with probability %.2f when a session waits for "
                "one, otherwise the first page of a new session of a viewer drawn from %zu by "
                "Zipf activity; sessions last %.1f pages on average (geometric), %zu videos a "
                "page. The watches of served pages are posted as events, the newest first, at "
                "most %.0f events/s in batches every 100 ms. %.0f s per step after a %.0f s "
                "warm-up.",
                o.next_share, world.config().viewers, o.mean_pages, o.count, o.events_per_s,
                o.seconds, o.warmup_s);
  return text;
}

RegionResult run_region(event_base* loop, HttpCaller& http, const World& world,
                        const RegionOptions& options) {
  RegionResult result;
  result.rate = options.rate;
  std::vector<double> ms;
  std::size_t items = 0, in_flight = 0;
  const auto& regions = world.config().regions;
  OpenLoop open(loop, options.rate, options.seconds, [&](Clock::time_point scheduled) {
    const std::string& region = regions[result.sent++ % regions.size()];
    ++in_flight;
    http.get("/api/feed/region/" + region + "?count=" + std::to_string(options.count),
             [&, scheduled](HttpResult r) {
               --in_flight;
               auto body = r.status == 200 ? nlohmann::json::parse(r.body, nullptr, false)
                                           : nlohmann::json(nullptr);
               if (!body.is_array()) {
                 ++result.errors;
                 std::fprintf(stderr, "region: answer %d %.200s\n", r.status, r.body.c_str());
                 return;
               }
               ++result.ok;
               items += body.size();
               ms.push_back(ms_between(scheduled, Clock::now()));
             });
  });
  open.start();
  run_until(
      loop, [&] { return open.finished() && in_flight == 0; }, options.seconds + 30);
  http.cancel_all();
  result.errors += in_flight;
  result.mean_items =
      result.ok > 0 ? static_cast<double>(items) / static_cast<double>(result.ok) : 0;
  result.latency = summarize(ms);
  return result;
}

}  // namespace bench::feed
