// Player: what each response does (playlists parsed, segments buffered, the throughput
// estimate and the rung), the playback clock and its stalls, and the CMCD of each request.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "bench/swipebench/replay/player.h"
#include "bench/swipebench/replay/player_clip.h"
#include "manifest/parser.h"

namespace swipebench::replay {

std::string resolve_uri(std::string_view base, std::string_view uri) {
  if (auto scheme = uri.find("://"); scheme != std::string_view::npos) {
    auto slash = uri.find('/', scheme + 3);
    return slash == std::string_view::npos ? "/" : std::string(uri.substr(slash));
  }
  if (uri.starts_with('/')) return std::string(uri);
  auto q = base.find('?');
  if (q != std::string_view::npos) base = base.substr(0, q);
  return std::string(base.substr(0, base.rfind('/') + 1)) + std::string(uri);
}

std::string_view relative_to(std::string_view base, std::string_view path) {
  std::string_view dir = base.substr(0, base.rfind('/') + 1);
  if (path.starts_with(dir)) return path.substr(dir.size());
  return path;
}

void Player::complete(size_t clip_index, const Want& want, bool prefetch, int64_t sent_ms,
                      FetchResult result) {
  auto it = clips_.find(clip_index);
  if (it == clips_.end()) return;
  Clip& clip = *it->second;
  auto handle = std::move(clip.in_flight);  // destroyed when this returns, not while it runs
  if (!result) {
    static constexpr ErrorKind kKinds[] = {ErrorKind::kConnect, ErrorKind::kTimeout,
                                           ErrorKind::kReset, ErrorKind::kBadResponse};
    fail(clip, kKinds[static_cast<size_t>(result.error())], prefetch);
    return pump();
  }
  FetchReply& reply = *result;
  stats_.bytes_total += reply.bytes;
  stats_.bytes_by_x_cache[reply.x_cache.empty() ? "NONE" : reply.x_cache] += reply.bytes;
  if (prefetch) stats_.prefetch_bytes += reply.bytes;
  if (reply.status != 200) {
    fail(clip,
         reply.status == 404  ? ErrorKind::kNotFound
         : reply.status < 500 ? ErrorKind::kHttp4xx
                              : ErrorKind::kHttp5xx,
         prefetch);
    return pump();
  }
  if (prefetch && want.kind != Want::Kind::kSegment) clip.prefetched[want.path] = reply.bytes;
  switch (want.kind) {
    case Want::Kind::kMaster:
      apply_master(clip, reply.body);
      break;
    case Want::Kind::kMedia:
      apply_media(clip, want.rung, want.path, reply.body);
      break;
    case Want::Kind::kInit:
      clip.have.insert(want.path);
      break;
    case Want::Kind::kSegment:
      apply_segment(clip, want, reply.bytes, reply.x_cache, scheduler_.now_ms() - sent_ms,
                    prefetch);
      break;
  }
  pump();
}

void Player::apply_master(Clip& clip, const std::string& body) {
  auto master = manifest::parse_master(body);
  if (!master || master->variants.empty()) return fail(clip, ErrorKind::kBadPlaylist, false);
  std::string base = "/v/" + clip.video + "/master.m3u8";
  for (const manifest::Variant& v : master->variants)
    clip.ladder.push_back(
        {resolve_uri(base, v.uri), v.attributes.get_integer("BANDWIDTH").value_or(0)});
  std::ranges::stable_sort(clip.ladder, {}, &Rung::bandwidth);
  clip.have_master = true;
}

void Player::apply_media(Clip& clip, size_t rung, const std::string& path,
                         const std::string& body) {
  auto playlist = manifest::parse_media(body);
  if (!playlist || playlist->segments.empty()) return fail(clip, ErrorKind::kBadPlaylist, false);
  Media media;
  for (const manifest::MediaSegment& s : playlist->segments) {
    if (media.init.empty() && s.map) {
      if (auto uri = s.map->get_string("URI")) media.init = resolve_uri(path, *uri);
    }
    media.segments.push_back(
        {resolve_uri(path, s.uri), std::max<int64_t>(1, std::llround(s.duration * 1000))});
  }
  clip.media[rung] = std::move(media);
}

void Player::apply_segment(Clip& clip, const Want& want, uint64_t bytes, const std::string& x_cache,
                           int64_t elapsed_ms, bool prefetch) {
  if (elapsed_ms > 0) {
    double sample = static_cast<double>(bytes) * 8.0 / static_cast<double>(elapsed_ms);  // kbit/s
    ewma_kbps_ = ewma_kbps_ == 0
                     ? sample
                     : config_.ewma_alpha * sample + (1 - config_.ewma_alpha) * ewma_kbps_;
  }
  int64_t now = scheduler_.now_ms();
  if (want.segment == 0 && !x_cache.empty() && x_cache != "PREFETCHED")
    stats_.first_segment_hits.emplace_back(now - config_.run_start_ms, x_cache == "HIT");
  if (prefetch) {
    clip.have.insert(want.path);
    clip.prefetched[want.path] = bytes;
    clip.x_cache[want.path] = x_cache;
    return;
  }
  const Segment& seg = clip.media.at(want.rung).segments[want.segment];
  auto scaled =
      std::max<int64_t>(1, std::llround(static_cast<double>(seg.duration_ms) / config_.speed));
  double mbps = static_cast<double>(clip.ladder[want.rung].bandwidth) / 1e6;
  SwipeSample& s = sample();
  if (!clip.started) {
    clip.started = true;
    clip.anchor_ms = now;
    clip.media_at_anchor = 0;
    s.start_latency_ms = now - (swipes_[clip.index].at_ms);
    s.first_x_cache = x_cache == "PREFETCHED" ? clip.x_cache[want.path] + "+PREFETCHED" : x_cache;
  } else {
    clip.media_at_anchor = playhead(now);
    clip.anchor_ms = now;
    if (clip.stalled) {
      s.rebuffer_ms += now - clip.stall_since;
      clip.stalled = false;
    }
  }
  clip.buffered += scaled;
  clip.played.emplace_back(scaled, mbps);
  ++clip.next_segment;
  size_t rung = pick_rung(clip);
  if (rung != want.rung) {
    ++s.switches;
    clip.rung = rung;
  }
  rearm_playback();
}

size_t Player::pick_rung(const Clip& clip) const {
  size_t best = 0;
  for (size_t i = 0; i < clip.ladder.size(); ++i) {
    if (ewma_kbps_ > 0 &&
        static_cast<double>(clip.ladder[i].bandwidth) <= config_.safety * ewma_kbps_ * 1000)
      best = i;
  }
  return best;
}

int64_t Player::playhead(int64_t now) const {
  if (!current_) return 0;
  const Clip& clip = *clips_.at(*current_);
  if (!clip.started || clip.stalled) return clip.media_at_anchor;
  int64_t head = clip.media_at_anchor + (now - clip.anchor_ms);
  // A whole clip loops; otherwise the playhead cannot pass what is downloaded.
  return clip.whole() ? head : std::min(head, clip.buffered);
}

int64_t Player::buffer_ahead(int64_t now) const {
  if (!current_) return 0;
  const Clip& clip = *clips_.at(*current_);
  return clip.buffered - playhead(now);
}

// One timer for the playing clip: when the buffer falls below its target (fetch more), or
// when the playhead reaches the end of the buffer (a stall).
void Player::rearm_playback() {
  playback_timer_.reset();
  if (!current_) return;
  Clip& clip = *clips_.at(*current_);
  if (!clip.started || clip.stalled || clip.whole()) return;
  int64_t now = scheduler_.now_ms();
  int64_t ahead = buffer_ahead(now);
  int64_t target =
      static_cast<int64_t>(static_cast<double>(config_.buffer_target_ms) / config_.speed);
  int64_t wake = ahead > target ? now + (ahead - target) : now + ahead;
  playback_timer_ = scheduler_.at(wake, [this] { on_playback_timer(); });
}

void Player::on_playback_timer() {
  if (!current_) return;
  Clip& clip = *clips_.at(*current_);
  int64_t now = scheduler_.now_ms();
  if (clip.started && !clip.stalled && !clip.whole() && playhead(now) >= clip.buffered) {
    clip.media_at_anchor = clip.buffered;
    clip.anchor_ms = now;
    clip.stalled = true;
    clip.stall_since = now;
    ++sample().stalls;
  }
  pump();
  rearm_playback();
}

CmcdRequest Player::cmcd_for(const Clip& clip, const Want& want, bool prefetch) const {
  CmcdRequest c;
  c.sid = config_.session_id;
  c.cid = clip.video;
  c.su = !prefetch && !clip.started;
  if (ewma_kbps_ > 0) c.mtp = static_cast<int64_t>(ewma_kbps_);
  if (current_ && clips_.at(*current_)->started)
    c.bl = buffer_ahead(scheduler_.now_ms()) * static_cast<int64_t>(config_.speed);
  if (want.kind == Want::Kind::kMaster) {
    c.ot = ObjectType::kManifest;
    return c;
  }
  c.br = static_cast<int64_t>(clip.ladder[want.rung].bandwidth / 1000);
  const Media* media = nullptr;
  if (auto it = clip.media.find(want.rung); it != clip.media.end()) media = &it->second;
  switch (want.kind) {
    case Want::Kind::kMedia:
      c.ot = ObjectType::kManifest;
      break;
    case Want::Kind::kInit:
      c.ot = ObjectType::kInit;
      if (media && !media->segments.empty())
        c.nor = std::string(relative_to(want.path, media->segments[0].path));
      break;
    case Want::Kind::kSegment:
      c.ot = ObjectType::kVideo;
      if (media) {
        c.d = media->segments[want.segment].duration_ms;
        if (want.segment + 1 < media->segments.size())
          c.nor = std::string(relative_to(want.path, media->segments[want.segment + 1].path));
      }
      break;
    case Want::Kind::kMaster:
      break;
  }
  return c;
}

}  // namespace swipebench::replay
