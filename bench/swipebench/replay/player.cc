// Player: swipes, leaves and the request pump. Playlists, segments and the playback clock are in
// player_media.cc.
#include "bench/swipebench/replay/player.h"

#include <algorithm>
#include <utility>

#include "bench/swipebench/replay/player_clip.h"

namespace swipebench::replay {

Player::Player(PlayerConfig config, std::vector<PlannedSwipe> swipes, Fetcher& fetcher,
               Scheduler& scheduler, ViewerStats& stats, std::function<void()> on_done)
    : config_(std::move(config)),
      swipes_(std::move(swipes)),
      fetcher_(fetcher),
      scheduler_(scheduler),
      stats_(stats),
      on_done_(std::move(on_done)) {}

Player::~Player() = default;

void Player::start() {
  if (swipes_.empty()) {
    swipe_timer_ = scheduler_.at(scheduler_.now_ms(), [this] { finish(); });
    return;
  }
  swipe_timer_ = scheduler_.at(swipes_[0].at_ms, [this] { swipe(0); });
}

void Player::swipe(size_t index) {
  const PlannedSwipe& planned = swipes_[index];
  int64_t now = scheduler_.now_ms();
  if (config_.on_swipe_lag) config_.on_swipe_lag(now - planned.at_ms);
  if (current_) leave(*current_);
  // Prefetched clips the viewer skipped past are never played.
  while (!clips_.empty() && clips_.begin()->first < index) {
    close_clip(*clips_.begin()->second);
    clips_.erase(clips_.begin());
  }
  auto& slot = clips_[index];
  if (!slot) {
    slot = std::make_unique<Clip>();
    slot->index = index;
    slot->video = planned.video;
  }
  slot->failed = false;  // a prefetch that failed is tried again now that it plays
  current_ = index;
  SwipeSample& s = stats_.swipes.emplace_back();
  s.video = planned.video;
  s.swipe_ms = planned.at_ms - config_.run_start_ms;
  if (planned.video.empty()) fail(*slot, ErrorKind::kUnresolved, false);
  // The clip ends at its leave, or earlier when the next swipe comes first.
  int64_t leave_at = planned.leave_ms;
  if (index + 1 < swipes_.size()) {
    leave_at = std::min(leave_at, swipes_[index + 1].at_ms);
    swipe_timer_ = scheduler_.at(swipes_[index + 1].at_ms, [this, index] { swipe(index + 1); });
  } else {
    swipe_timer_.reset();
  }
  leave_timer_ = scheduler_.at(leave_at, [this, index] {
    leave(index);
    if (index + 1 == swipes_.size()) finish();
  });
  pump();
}

void Player::leave(size_t index) {
  if (current_ != index) return;
  auto it = clips_.find(index);
  const int64_t now = scheduler_.now_ms();
  // Read while the clip is still the current one: the playhead is the current clip's.
  const int64_t played = playhead(now);
  current_.reset();
  playback_timer_.reset();
  leave_timer_.reset();
  if (it == clips_.end()) return;
  Clip& clip = *it->second;
  if (config_.on_leave) {
    int64_t duration_ms = 0;
    if (auto media = clip.rung ? clip.media.find(*clip.rung) : clip.media.end();
        media != clip.media.end()) {
      for (const Segment& segment : media->second.segments)
        duration_ms += segment.duration_ms;
    }
    config_.on_leave(index, duration_ms, clip.started);
  }
  SwipeSample& s = sample();
  if (clip.started) {
    if (clip.stalled) s.rebuffer_ms += now - clip.stall_since;
    s.played_ms = played;
    // Bitrate term: Mbit/s x seconds of media played, segment by segment (cycling when it
    // looped). Smoothness: |change| between consecutive segments that played.
    int64_t left = s.played_ms;
    double previous = -1;
    while (left > 0 && !clip.played.empty()) {
      for (const auto& [ms, mbps] : clip.played) {
        if (left <= 0) break;
        int64_t part = std::min(left, ms);
        s.bitrate_term += mbps * static_cast<double>(part) * config_.speed / 1000.0;
        if (previous >= 0) s.smoothness_term += std::abs(mbps - previous);
        previous = mbps;
        left -= part;
      }
    }
  }
  close_clip(clip);
  clips_.erase(it);
  if (session_ends_after(index)) {
    // The viewer closed the app: what it prefetched for later dies with it.
    for (auto& [i, other] : clips_)
      close_clip(*other);
    clips_.clear();
  }
  pump();  // the connection is free for prefetch
}

bool Player::session_ends_after(size_t index) const {
  if (index + 1 >= swipes_.size()) return true;
  auto gap = static_cast<int64_t>(static_cast<double>(kSessionGapMs) / config_.speed);
  return swipes_[index + 1].at_ms - swipes_[index].leave_ms > gap;
}

void Player::finish() {
  if (done_) return;
  done_ = true;
  swipe_timer_.reset();
  leave_timer_.reset();
  playback_timer_.reset();
  for (auto& [index, clip] : clips_)
    close_clip(*clip);
  clips_.clear();
  current_.reset();
  if (on_done_) on_done_();
}

void Player::close_clip(Clip& clip) {
  clip.in_flight.reset();
  for (const auto& [path, bytes] : clip.prefetched)
    stats_.prefetch_wasted_bytes += bytes;
  clip.prefetched.clear();
}

void Player::fail(Clip& clip, ErrorKind kind, bool prefetch) {
  ++stats_.errors[static_cast<size_t>(kind)];
  clip.failed = true;
  if (!prefetch && current_ == clip.index) rearm_playback();
}

// Fills the free request slots: the playing clip first, then the next clips to prefetch.
void Player::pump() {
  if (done_) return;
  auto busy = [this] {
    size_t n = 0;
    for (const auto& [index, clip] : clips_)
      n += clip->in_flight ? 1 : 0;
    return n;
  };
  if (current_) {
    Clip& clip = *clips_.at(*current_);
    // What prefetch fetched of the rendition it plays is used, not wasted.
    clip.prefetched.erase("/v/" + clip.video + "/master.m3u8");
    if (clip.rung) {
      clip.prefetched.erase(clip.ladder[*clip.rung].playlist);
      if (auto m = clip.media.find(*clip.rung); m != clip.media.end())
        clip.prefetched.erase(m->second.init);
    }
    // Objects that prefetch already fetched are taken at once, without a request.
    while (!clip.in_flight && !clip.failed) {
      auto want = next_want(clip, false);
      if (!want) break;
      if (want->kind == Want::Kind::kSegment && clip.prefetched.contains(want->path)) {
        uint64_t bytes = clip.prefetched[want->path];
        clip.prefetched.erase(want->path);
        apply_segment(clip, *want, bytes, "PREFETCHED", 0, false);
        continue;
      }
      if (busy() >= fetcher_.max_in_flight()) return;
      issue(clip, *want, false);
      break;
    }
    if (clip.in_flight || !clip.started) return;  // prefetch waits for the clip to start
  }
  size_t from = current_ ? *current_ + 1 : 0;
  if (!current_) {
    // Between clips (after a leave) the player prefetches for the next swipe.
    auto next = std::find_if(swipes_.begin(), swipes_.end(), [this](const PlannedSwipe& s) {
      return s.at_ms > scheduler_.now_ms();
    });
    from = static_cast<size_t>(next - swipes_.begin());
    if (from == 0 || from >= swipes_.size() || session_ends_after(from - 1)) return;
  }
  for (size_t i = from; i < from + static_cast<size_t>(config_.prefetch) && i < swipes_.size();
       ++i) {
    if (busy() >= fetcher_.max_in_flight()) return;
    if (swipes_[i].video.empty()) continue;
    auto& slot = clips_[i];
    if (!slot) {
      slot = std::make_unique<Clip>();
      slot->index = i;
      slot->video = swipes_[i].video;
    }
    if (slot->in_flight || slot->failed) continue;
    if (auto want = next_want(*slot, true)) issue(*slot, *want, true);
  }
}

std::optional<Player::Want> Player::next_want(Clip& clip, bool prefetch) {
  if (clip.failed) return std::nullopt;
  if (!clip.have_master) return Want{.path = "/v/" + clip.video + "/master.m3u8"};
  if (!clip.rung) clip.rung = pick_rung(clip);
  size_t rung = *clip.rung;
  auto media = clip.media.find(rung);
  if (media == clip.media.end())
    return Want{.kind = Want::Kind::kMedia, .path = clip.ladder[rung].playlist, .rung = rung};
  const Media& m = media->second;
  if (!m.init.empty() && !clip.have.contains(m.init))
    return Want{.kind = Want::Kind::kInit, .path = m.init, .rung = rung};
  size_t n = clip.next_segment;
  if (n >= m.segments.size()) return std::nullopt;
  if (prefetch) {
    if (n > 0 || clip.have.contains(m.segments[0].path)) return std::nullopt;
  } else if (clip.started && buffer_ahead(scheduler_.now_ms()) >= config_.buffer_target_ms) {
    return std::nullopt;
  }
  return Want{.kind = Want::Kind::kSegment, .path = m.segments[n].path, .rung = rung, .segment = n};
}

void Player::issue(Clip& clip, const Want& want, bool prefetch) {
  std::string target = want.path + "?" + cmcd_query(cmcd_for(clip, want, prefetch));
  bool body = want.kind == Want::Kind::kMaster || want.kind == Want::Kind::kMedia;
  size_t index = clip.index;
  int64_t sent = scheduler_.now_ms();
  ++stats_.requests;
  clip.in_flight = fetcher_.get(std::move(target), body,
                                [this, index, want, prefetch, sent](FetchResult result) {
                                  complete(index, want, prefetch, sent, std::move(result));
                                });
}

}  // namespace swipebench::replay
