// The player model of one viewer: plays its swipes in order, at the wall times the engine
// planned, through one Fetcher (its connection) and a Scheduler (its clock).
//
// At a swipe: master playlist -> media playlist of the start rendition -> init -> first
// segment; the start latency is the swipe to the first segment complete, and playback starts
// then. While it watches it keeps `buffer_target_ms` of media ahead of the playhead; when the
// playhead reaches the end of what is downloaded before the clip is whole, that is a stall,
// lasting until the next segment arrives. A clip downloaded whole loops from memory until the
// viewer leaves (short-video players loop). After every segment the throughput EWMA picks the
// highest rung whose BANDWIDTH is under `safety` x the estimate (the lowest when none is, or
// before any estimate); the estimate carries over from clip to clip. With prefetch N, while the
// current clip needs nothing the player fetches, for each of its next N clips, the playlists,
// init and first segment; what it never plays (another rendition chosen, the session ended
// first) is counted as wasted. A gap of more than kSessionGapMs (trace time) between a leave and
// the next swipe is the viewer closing the app: its player prefetched the next clip of its feed
// all the same, and that prefetch is wasted; the next session starts cold. One request per clip at
// a time; the Fetcher says how many may be in flight (1 on HTTP/1.1: prefetch waits for the playing
// clip, as on a real connection). Every request carries CMCD (sid, cid, ot, br, bl, d, nor, su,
// mtp) as a query parameter.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench/swipebench/replay/cmcd.h"
#include "bench/swipebench/replay/fetcher.h"
#include "bench/swipebench/replay/scheduler.h"
#include "bench/swipebench/replay/viewer_stats.h"

namespace swipebench::replay {

inline constexpr int64_t kSessionGapMs = 30'000;

struct PlayerConfig {
  int64_t buffer_target_ms = 4'000;  // media ms kept ahead of the playhead
  int prefetch = 0;                  // next clips whose first segment is fetched ahead
  double speed = 1;                  // media plays this many times faster than real time
  double ewma_alpha = 0.3;           // weight of the newest throughput sample
  double safety = 0.8;               // fraction of the estimate a rung may use
  std::string session_id;            // CMCD sid
  int64_t run_start_ms = 0;          // scheduler time of the run's start (samples count from it)
  // Told how late each swipe started against its plan (ms), to measure falling behind.
  std::function<void(int64_t)> on_swipe_lag;
  // Told, as the viewer leaves swipe `index`, the clip's media length (ms; 0 when its playlist
  // never arrived) and whether it started: what the app reports to the origin.
  std::function<void(size_t index, int64_t duration_ms, bool started)> on_leave;
};

// A swipe in scheduler time, already scaled by --speed. `video` is empty when unresolved.
struct PlannedSwipe {
  std::string video;
  int64_t at_ms = 0;
  int64_t leave_ms = 0;
};

class Player {
 public:
  // `fetcher`, `scheduler` and `stats` outlive the player; `on_done` runs once, on the loop,
  // after the last swipe's leave.
  Player(PlayerConfig config, std::vector<PlannedSwipe> swipes, Fetcher& fetcher,
         Scheduler& scheduler, ViewerStats& stats, std::function<void()> on_done);
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Schedules the first swipe.
  void start();
  bool done() const { return done_; }
  // The throughput estimate, kbit/s (0 before any sample).
  double estimate_kbps() const { return ewma_kbps_; }

 private:
  struct Clip;
  struct Want;

  void swipe(size_t index);
  void leave(size_t index);
  void finish();
  bool session_ends_after(size_t index) const;
  void pump();
  std::optional<Want> next_want(Clip& clip, bool prefetch);
  void issue(Clip& clip, const Want& want, bool prefetch);
  void complete(size_t clip_index, const Want& want, bool prefetch, int64_t sent_ms,
                FetchResult result);
  void apply_master(Clip& clip, const std::string& body);
  void apply_media(Clip& clip, size_t rung, const std::string& path, const std::string& body);
  void apply_segment(Clip& clip, const Want& want, uint64_t bytes, const std::string& x_cache,
                     int64_t elapsed_ms, bool prefetch);
  void fail(Clip& clip, ErrorKind kind, bool prefetch);
  size_t pick_rung(const Clip& clip) const;
  int64_t playhead(int64_t now) const;
  int64_t buffer_ahead(int64_t now) const;
  void rearm_playback();
  void on_playback_timer();
  void close_clip(Clip& clip);
  SwipeSample& sample() { return stats_.swipes.back(); }
  CmcdRequest cmcd_for(const Clip& clip, const Want& want, bool prefetch) const;

  PlayerConfig config_;
  std::vector<PlannedSwipe> swipes_;
  Fetcher& fetcher_;
  Scheduler& scheduler_;
  ViewerStats& stats_;
  std::function<void()> on_done_;

  std::map<size_t, std::unique_ptr<Clip>> clips_;  // the current one and the prefetched ones
  std::optional<size_t> current_;
  double ewma_kbps_ = 0;
  bool done_ = false;
  std::unique_ptr<Timer> swipe_timer_;
  std::unique_ptr<Timer> leave_timer_;
  std::unique_ptr<Timer> playback_timer_;
};

}  // namespace swipebench::replay
