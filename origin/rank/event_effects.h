// What one interaction event changes, as pure functions: the video's counters, the viewer's
// profile (seen, recent completions, interest weights, follows), co-watch pairs, regional
// trending and the region's survival counts. The store applies these effects (the Redis side
// as apply_to_profile says, the offline synthetic world in memory), so both agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "origin/rank/catalog.h"
#include "origin/rank/swipe_survival.h"
#include "origin/rank/video_stats.h"
#include "origin/rank/viewer_profile.h"

namespace origin::rank {

// The actions of POST /api/events. kView and kSkip are watches (a clip was played); the
// others are reactions to a clip already counted by its watch.
enum class Action : uint8_t { kView, kLike, kShare, kComment, kFollow, kSkip, kReport };
std::optional<Action> parse_action(std::string_view text);  // "view", "like", ...
std::string_view to_string(Action action);

struct Event {
  std::string user = {};
  std::string video = {};
  int64_t watch_ms = 0;
  int64_t duration_ms = 0;
  Action action = Action::kView;
};

struct EffectPolicy {
  double interest_half_life_s = 7 * 24 * 3600.0;  // of viewer interest weights
  double trending_half_life_s = 6 * 3600.0;       // of regional trending (periodic_decay.h)
  int64_t decay_epoch_s = 1'700'000'000;          // where decay scales are 1 (see decay_scale)
  std::size_t recent_completions = 30;            // kept in ViewerProfile::recent_completions
  // Latest completions paired with a new one. Each pair costs Redis two ZINCRBYs per
  // completion once a viewer has that many; in the synthetic world 3 ranks as well as 10.
  std::size_t co_watch_partners = 3;
  int64_t session_gap_s = int64_t{30} * 60;  // idle time that ends a session
};

constexpr int64_t kSkipWithinMs = 2'000;
bool is_watch(const Event& event);       // kView or kSkip
bool is_skip(const Event& event);        // kSkip, or a view shorter than kSkipWithinMs
bool is_completion(const Event& event);  // a view reaching 90% of the duration
bool is_replay(const Event& event);      // a view longer than the duration

// The counters the event adds to its video (every field an HINCRBY).
VideoStats stats_delta(const Event& event);
void add_to(VideoStats& stats, const VideoStats& delta);

// Forward decay: 2^((now - epoch) / half_life). A score that grows by signal * scale weighs
// recent signals more than old ones without ever rewriting earlier values; only ratios and
// orders of such scores are used (interest affinity, trending order), so the growing scale
// never shows. Doubles hold it for about a thousand half-lives. The offline profiles use it;
// Redis keeps each interest signal with its time instead (interest_entry.h), and trending in
// periods (periodic_decay.h).
double decay_scale(int64_t now_s, double half_life_s, int64_t epoch_s);

// How much the event says the viewer likes the video (negative: dislikes), unscaled.
double interest_signal(const Event& event);
// How much the event lifts the video in regional trending, unscaled.
double trending_signal(const Event& event);
// What to add to the video's score in the region's trending set of now_s's period (a ZINCRBY
// into the set periodic_decay.h names by that period).
double trending_increment(const Event& event, int64_t now_s, const EffectPolicy& policy);

// Adds `weight` to the viewer's interest in each of the video's hashtags (a hashtag repeated on
// the video counts once) and in its creator.
void add_interest(ViewerProfile& viewer, const VideoInfo& video, double weight);

// The viewer's profile after the event: a watch adds the video to `seen`; a completion goes to
// the front of recent_completions (trimmed) and counts in completed_count; interest_signal,
// decay-scaled, is added to the video's interests (add_interest); a follow adds the creator to
// follows. The store keeps each signal (rounded to a hundredth) and spreads it over the video's
// hashtags and creator when a feed reads it: the same weights for a catalog that has not
// changed meanwhile, except that the store keeps only a viewer's latest signals (as received,
// FeedConfig::interest_signals_kept of them) where this sums them all.
void apply_to_profile(ViewerProfile& viewer, const Event& event, const VideoInfo& video,
                      int64_t now_s, const EffectPolicy& policy);

// The co-watch pairs a completion makes, computed on the profile BEFORE the event: the video
// with each of the viewer's latest completions (co_watch_partners of them, itself excluded).
// The store adds 1 to co_watch[partner][video] and to co_watch[video][partner].
std::vector<std::string> co_watch_partners(const ViewerProfile& before, const Event& event,
                                           const EffectPolicy& policy);

// A watch's share of the region's survival counts. `previous_event_s` is the time of the
// viewer's previous event (none: first ever); a watch after more than session_gap_s idle
// starts a session.
void count_watch(SurvivalCounts& counts, const Event& event,
                 std::optional<int64_t> previous_event_s, int64_t now_s,
                 const EffectPolicy& policy);

}  // namespace origin::rank
