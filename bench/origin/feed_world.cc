// The synthetic world: traits hashed from (seed, index), Zipf draws by inverse CDF.
#include "bench/origin/feed_world.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bench::feed {
namespace {

constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A uniform double in [0, 1) from 53 bits of `bits`.
double unit(uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// Whether `out` needs a comma before the next element of its array.
void separate(std::string& out) {
  if (!out.empty() && out.back() != '[') out += ',';
}

void append_event(std::string& out, const std::string& user, const std::string& video,
                  const char* action, int64_t watch_ms, int64_t duration_ms,
                  const std::string& region) {
  separate(out);
  out += R"({"user":")";
  out += user;
  out += R"(","video":")";
  out += video;
  out += R"(","action":")";
  out += action;
  if (watch_ms >= 0) {
    out += R"(","watch_ms":)";
    out += std::to_string(watch_ms);
    out += R"(,"duration_ms":)";
  } else {
    out += R"(","duration_ms":)";
  }
  out += std::to_string(duration_ms);
  out += R"(,"region":")";
  out += region;
  out += "\"}";
}

}  // namespace

Zipf::Zipf(std::size_t n, double s) : cdf_(std::max<std::size_t>(n, 1)) {
  double sum = 0;
  for (std::size_t k = 0; k < cdf_.size(); ++k) {
    sum += 1.0 / std::pow(static_cast<double>(k + 1), s);
    cdf_[k] = sum;
  }
  for (double& c : cdf_)
    c /= sum;
}

std::size_t Zipf::draw(Rng& rng) const {
  double u = std::uniform_real_distribution<double>(0, 1)(rng);
  auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
}

World::World(WorldConfig config)
    : config_(std::move(config)),
      creators_(config_.creators, 1.0),
      hashtags_(config_.hashtags, 1.0),
      videos_(config_.videos, config_.video_zipf),
      viewers_(config_.viewers, 0.7),
      stride_(1'000'003) {
  while (std::gcd(stride_, config_.videos) != 1)
    ++stride_;
}

uint64_t World::mix(uint64_t a, uint64_t b) const {
  return splitmix(splitmix(config_.seed ^ (a * 0x100000001b3ULL)) + b);
}

std::string World::video_id(std::size_t index) const {
  uint64_t bits = mix(1, index);
  std::string id(11, '0');
  // The index in the first 4 characters (62^4 > 14 million videos) keeps ids distinct; the
  // hash fills the rest so that ids do not look sequential.
  uint64_t n = index;
  for (int i = 0; i < 4; ++i) {
    id[static_cast<std::size_t>(i)] = kAlphabet[n % kAlphabet.size()];
    n /= kAlphabet.size();
  }
  for (std::size_t i = 4; i < id.size(); ++i) {
    id[i] = kAlphabet[bits % kAlphabet.size()];
    bits /= kAlphabet.size();
  }
  return id;
}

int64_t World::video_duration_ms(std::size_t index) const {
  return 5'000 + static_cast<int64_t>(unit(mix(2, index)) * 55'000);
}

VideoTraits World::video(std::size_t index) const {
  VideoTraits traits;
  traits.id = video_id(index);
  Rng rng(mix(3, index));
  traits.creator = creators_.draw(rng);
  std::size_t tags = 1 + rng() % 4;
  for (std::size_t i = 0; i < tags; ++i) {
    std::size_t tag = hashtags_.draw(rng);
    if (std::find(traits.hashtags.begin(), traits.hashtags.end(), tag) == traits.hashtags.end())
      traits.hashtags.push_back(tag);
  }
  traits.duration_ms = video_duration_ms(index);
  // Uploads grow over time: the age's density falls linearly from now to max_age_s.
  double u = std::uniform_real_distribution<double>(0, 1)(rng);
  traits.age_s =
      static_cast<int64_t>((1 - std::sqrt(1 - u)) * static_cast<double>(config_.max_age_s));
  return traits;
}

origin::store::Video World::video_record(std::size_t index, int64_t now_s) const {
  VideoTraits traits = video(index);
  origin::store::Video v;
  v.id = traits.id;
  v.creator = "c" + std::to_string(traits.creator);
  v.title = "clip " + std::to_string(index);
  for (std::size_t tag : traits.hashtags)
    v.hashtags.push_back("t" + std::to_string(tag));
  v.duration_ms = traits.duration_ms;
  v.width = 1080;
  v.height = 1920;
  v.renditions = {"360p", "480p", "720p", "1080p"};
  v.status = origin::store::VideoStatus::kReady;
  v.created_s = now_s - traits.age_s;
  v.updated_s = v.created_s + 60;
  return v;
}

std::size_t World::popular_video(Rng& rng) const {
  return (videos_.draw(rng) * stride_) % config_.videos;
}

std::size_t World::active_viewer(Rng& rng) const {
  return viewers_.draw(rng);
}

std::string World::viewer_name(std::size_t viewer) {
  return "u" + std::to_string(viewer);
}

const std::string& World::region_of(std::size_t viewer) const {
  return config_.regions[splitmix(viewer) % config_.regions.size()];
}

std::size_t EventMaker::append_watch(std::string& out, std::size_t viewer, std::size_t video) {
  return append_watch(out, World::viewer_name(viewer), world_.region_of(viewer),
                      world_.video_id(video), world_.video_duration_ms(video));
}

std::size_t EventMaker::append_watch(std::string& out, const std::string& viewer,
                                     const std::string& region, const std::string& video_id,
                                     int64_t duration_ms) {
  std::uniform_real_distribution<double> u(0, 1);
  double kind = u(rng_);
  double d = static_cast<double>(duration_ms);
  std::size_t made = 1;
  if (kind < 0.35) {
    append_event(out, viewer, video_id, "skip", 200 + static_cast<int64_t>(u(rng_) * 1'700),
                 duration_ms, region);
  } else if (kind < 0.70) {
    append_event(out, viewer, video_id, "view",
                 2'000 + static_cast<int64_t>(u(rng_) * std::max(0.0, 0.9 * d - 2'000)),
                 duration_ms, region);
  } else {
    bool replay = kind > 0.95;
    double share = replay ? 1.0 + u(rng_) : 0.9 + 0.1 * u(rng_);
    append_event(out, viewer, video_id, "view", static_cast<int64_t>(share * d), duration_ms,
                 region);
    constexpr std::pair<const char*, double> kReactions[] = {
        {"like", 0.08}, {"share", 0.015}, {"comment", 0.01}, {"follow", 0.005}};
    for (const auto& [action, p] : kReactions) {
      if (u(rng_) < p) {
        append_event(out, viewer, video_id, action, -1, duration_ms, region);
        ++made;
      }
    }
  }
  if (u(rng_) < 0.001) {
    append_event(out, viewer, video_id, "report", -1, duration_ms, region);
    ++made;
  }
  return made;
}

std::string EventMaker::batch(std::size_t events, std::size_t* made) {
  std::string out = "[";
  out.reserve(events * 130);
  std::size_t n = 0;
  while (n < events) {
    std::size_t viewer = world_.active_viewer(rng_);
    n += append_watch(out, viewer, world_.popular_video(rng_));
  }
  out += ']';
  *made = n;
  return out;
}

}  // namespace bench::feed
