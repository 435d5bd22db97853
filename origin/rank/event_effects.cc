// The effects of one interaction event (see event_effects.h). The signal weights are the
// feed's view of intent: a completion is the unit; likes, comments, shares and follows show
// more intent, a quick skip says "not for me", a report says it loudest. Trending weighs the
// same events more evenly, since it ranks for everybody rather than one viewer.
#include "origin/rank/event_effects.h"

#include <algorithm>
#include <cmath>

#include "origin/rank/periodic_decay.h"

namespace origin::rank {
namespace {

// Fraction of the clip watched, in [0, 1].
double watched_fraction(const Event& event) {
  if (event.duration_ms <= 0) return 0;
  return std::clamp(static_cast<double>(event.watch_ms) / static_cast<double>(event.duration_ms),
                    0.0, 1.0);
}

// Completion, replay bonus, skip and partial-watch weights of a watch, per purpose.
struct WatchWeights {
  double completion;
  double replay;
  double skip;
  double partial;  // times the fraction watched
};

double watch_signal(const Event& event, const WatchWeights& w) {
  if (is_completion(event)) return w.completion + (is_replay(event) ? w.replay : 0);
  if (is_skip(event)) return w.skip;
  return w.partial * watched_fraction(event);
}

}  // namespace

std::optional<Action> parse_action(std::string_view text) {
  for (Action action : {Action::kView, Action::kLike, Action::kShare, Action::kComment,
                        Action::kFollow, Action::kSkip, Action::kReport}) {
    if (text == to_string(action)) return action;
  }
  return std::nullopt;
}

std::string_view to_string(Action action) {
  switch (action) {
    case Action::kView:
      return "view";
    case Action::kLike:
      return "like";
    case Action::kShare:
      return "share";
    case Action::kComment:
      return "comment";
    case Action::kFollow:
      return "follow";
    case Action::kSkip:
      return "skip";
    case Action::kReport:
      return "report";
  }
  return "unknown";
}

bool is_watch(const Event& event) {
  return event.action == Action::kView || event.action == Action::kSkip;
}

bool is_completion(const Event& event) {
  return event.action == Action::kView && event.duration_ms > 0 &&
         event.watch_ms * 10 >= event.duration_ms * 9;
}

bool is_skip(const Event& event) {
  if (event.action == Action::kSkip) return true;
  return event.action == Action::kView && event.watch_ms < kSkipWithinMs && !is_completion(event);
}

bool is_replay(const Event& event) {
  return event.action == Action::kView && event.duration_ms > 0 &&
         event.watch_ms > event.duration_ms;
}

VideoStats stats_delta(const Event& event) {
  VideoStats delta;
  switch (event.action) {
    case Action::kView:
    case Action::kSkip:
      delta.views = 1;
      delta.watch_ms = std::max<int64_t>(event.watch_ms, 0);
      delta.completions = is_completion(event) ? 1 : 0;
      delta.replays = is_replay(event) ? 1 : 0;
      delta.skips = is_skip(event) ? 1 : 0;
      break;
    case Action::kLike:
      delta.likes = 1;
      break;
    case Action::kShare:
      delta.shares = 1;
      break;
    case Action::kComment:
      delta.comments = 1;
      break;
    case Action::kFollow:
      delta.follows = 1;
      break;
    case Action::kReport:
      delta.reports = 1;
      break;
  }
  return delta;
}

void add_to(VideoStats& stats, const VideoStats& delta) {
  stats.views += delta.views;
  stats.completions += delta.completions;
  stats.replays += delta.replays;
  stats.likes += delta.likes;
  stats.shares += delta.shares;
  stats.comments += delta.comments;
  stats.follows += delta.follows;
  stats.skips += delta.skips;
  stats.reports += delta.reports;
  stats.watch_ms += delta.watch_ms;
}

double decay_scale(int64_t now_s, double half_life_s, int64_t epoch_s) {
  return std::exp2(static_cast<double>(now_s - epoch_s) / std::max(half_life_s, 1.0));
}

double interest_signal(const Event& event) {
  switch (event.action) {
    case Action::kView:
    case Action::kSkip:
      return watch_signal(event, {.completion = 1, .replay = 0.5, .skip = -0.5, .partial = 0.5});
    case Action::kLike:
      return 2;
    case Action::kShare:
      return 3;
    case Action::kComment:
      return 1.5;
    case Action::kFollow:
      return 3;
    case Action::kReport:
      return -5;
  }
  return 0;
}

double trending_signal(const Event& event) {
  switch (event.action) {
    case Action::kView:
    case Action::kSkip:
      return watch_signal(event, {.completion = 1, .replay = 0.5, .skip = -0.25, .partial = 0.25});
    case Action::kLike:
    case Action::kComment:
    case Action::kFollow:
      return 1;
    case Action::kShare:
      return 2;
    case Action::kReport:
      return -3;
  }
  return 0;
}

double trending_increment(const Event& event, int64_t now_s, const EffectPolicy& policy) {
  return trending_signal(event) *
         PeriodicDecay(policy.trending_half_life_s).factor(static_cast<double>(now_s));
}

void add_interest(ViewerProfile& viewer, const VideoInfo& video, double weight) {
  for (auto tag = video.hashtags.begin(); tag != video.hashtags.end(); ++tag) {
    if (std::find(video.hashtags.begin(), tag, *tag) == tag) viewer.hashtag_weights[*tag] += weight;
  }
  if (!video.creator.empty()) viewer.creator_weights[video.creator] += weight;
}

void apply_to_profile(ViewerProfile& viewer, const Event& event, const VideoInfo& video,
                      int64_t now_s, const EffectPolicy& policy) {
  if (is_watch(event)) viewer.seen.insert(event.video);
  if (is_completion(event)) {
    std::vector<std::string> recent;
    recent.reserve(policy.recent_completions + 1);
    recent.push_back(event.video);
    for (std::string& earlier : viewer.recent_completions) {
      if (recent.size() >= policy.recent_completions) break;
      if (earlier != event.video) recent.push_back(std::move(earlier));
    }
    if (recent.size() > policy.recent_completions) recent.resize(policy.recent_completions);
    viewer.recent_completions = std::move(recent);
    ++viewer.completed_count;
  }
  if (event.action == Action::kFollow) viewer.follows.insert(video.creator);
  double signal = interest_signal(event);
  if (signal == 0) return;
  add_interest(viewer, video,
               signal * decay_scale(now_s, policy.interest_half_life_s, policy.decay_epoch_s));
}

std::vector<std::string> co_watch_partners(const ViewerProfile& before, const Event& event,
                                           const EffectPolicy& policy) {
  std::vector<std::string> partners;
  if (!is_completion(event)) return partners;
  for (const std::string& completed : before.recent_completions) {
    if (partners.size() >= policy.co_watch_partners) break;
    if (completed != event.video) partners.push_back(completed);
  }
  return partners;
}

void count_watch(SurvivalCounts& counts, const Event& event,
                 std::optional<int64_t> previous_event_s, int64_t now_s,
                 const EffectPolicy& policy) {
  if (!is_watch(event)) return;
  ++counts.watches;
  counts.watch_ms += std::max<int64_t>(event.watch_ms, 0);
  if (!previous_event_s || now_s - *previous_event_s > policy.session_gap_s) {
    ++counts.session_starts;
  }
}

}  // namespace origin::rank
