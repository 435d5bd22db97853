// make_plan: every (video, segment k) worth warming becomes a unit of value p * need(k) * w(k)
// per byte; units are taken best first while both budgets allow. A unit that does not fit closes
// its video, so each video's warmed segments stay a prefix, and smaller units further down may
// still fill what is left. The first unit of a video with nothing held also carries the
// playlists and the init segment.
#include "prefetch/planner.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace prefetch {
namespace {

constexpr std::size_t kOverheadObjects = 3;  // master playlist, media playlist, init segment

struct Candidate {
  PlanItem item;
  uint64_t segment_bytes = 0;
  int held_wanted = 0;
  bool closed = false;
};

struct Unit {
  std::size_t candidate = 0;
  int k = 0;
  double value = 0;
  uint64_t bytes = 0;
  std::size_t objects = 0;
};

uint64_t add_saturated(uint64_t a, uint64_t b) {
  return b > std::numeric_limits<uint64_t>::max() - a ? std::numeric_limits<uint64_t>::max()
                                                      : a + b;
}

double sane_p(double p) {
  return std::isnan(p) ? 0.0 : std::clamp(p, 0.0, 1.0);
}

// One entry per video, the one with the highest p (the first of equals): a feed is meant to
// name each video once, and counting a repeat twice would overstate it.
std::vector<const RegionFeedItem*> distinct_videos(std::span<const RegionFeedItem> feed) {
  std::vector<const RegionFeedItem*> out;
  std::unordered_map<std::string_view, std::size_t> index;
  for (const RegionFeedItem& item : feed) {
    if (item.renditions.empty()) continue;
    auto [it, added] = index.try_emplace(item.video, out.size());
    if (added) {
      out.push_back(&item);
    } else if (sane_p(item.p) > sane_p(out[it->second]->p)) {
      out[it->second] = &item;
    }
  }
  return out;
}

const std::string& start_rendition(const RegionFeedItem& item, const PlannerConfig& config) {
  for (const std::string& wanted : config.start_renditions) {
    if (std::ranges::find(item.renditions, wanted) != item.renditions.end()) return wanted;
  }
  return item.renditions.front();
}

uint64_t segment_bytes(const std::string& rendition, const PlannerConfig& config) {
  auto it = config.bits_per_second.find(rendition);
  uint64_t bps = it != config.bits_per_second.end() ? it->second : config.default_bits_per_second;
  double bytes = std::ceil(static_cast<double>(bps) * config.survival.segment_s / 8.0);
  if (!(bytes > 0)) return 0;
  constexpr double kMaxBytes = 1e15;  // far beyond any segment; keeps the conversion defined
  return static_cast<uint64_t>(std::min(bytes, kMaxBytes));
}

// The candidates' units worth warming that are not held yet; held ones are counted.
std::vector<Unit> units_of(std::vector<Candidate>& candidates, const Held& held,
                           const PlannerConfig& config, std::size_t& held_units) {
  std::vector<Unit> units;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    Candidate& candidate = candidates[c];
    auto it = held.find(held_key(candidate.item.video, candidate.item.rendition));
    int held_segments = it != held.end() ? std::max(0, it->second) : 0;
    for (int k = 0; k < config.max_segments; ++k) {
      const double weight = k < config.startup_segments ? 1.0 : config.later_segment_weight;
      double value = candidate.item.priority * config.survival.need(k) * weight;
      if (value < config.min_value) break;
      if (k < held_segments) {
        ++candidate.held_wanted;
        ++held_units;
        continue;
      }
      bool first = k == 0;  // nothing of the video held: its playlists and init come along
      units.push_back(
          {.candidate = c,
           .k = k,
           .value = value,
           .bytes = add_saturated(candidate.segment_bytes, first ? config.overhead_bytes : 0),
           .objects = 1 + (first ? kOverheadObjects : 0)});
    }
  }
  return units;
}

}  // namespace

std::string held_key(const std::string& video, const std::string& rendition) {
  return video + "/" + rendition;
}

Plan make_plan(std::span<const RegionFeedItem> feed, const PopBudget& budget, const Held& held,
               const PlannerConfig& config) {
  std::vector<Candidate> candidates;
  for (const RegionFeedItem* item : distinct_videos(feed)) {
    Candidate candidate;
    candidate.item.video = item->video;
    candidate.item.rendition = start_rendition(*item, config);
    candidate.item.priority = sane_p(item->p) * config.survival.need(0);
    candidate.segment_bytes = segment_bytes(candidate.item.rendition, config);
    candidates.push_back(std::move(candidate));
  }
  Plan plan;
  std::vector<Unit> units = units_of(candidates, held, config, plan.held_units);
  std::ranges::sort(units, [&](const Unit& a, const Unit& b) {
    if (a.value != b.value) return a.value > b.value;
    const std::string& va = candidates[a.candidate].item.video;
    const std::string& vb = candidates[b.candidate].item.video;
    if (va != vb) return va < vb;
    return a.k < b.k;
  });
  uint64_t bytes_left = budget.bytes;
  std::size_t objects_left = budget.objects;
  for (const Unit& unit : units) {
    Candidate& candidate = candidates[unit.candidate];
    if (!candidate.closed && unit.bytes <= bytes_left && unit.objects <= objects_left) {
      bytes_left -= unit.bytes;
      objects_left -= unit.objects;
      PlanItem& item = candidate.item;
      ++item.new_segments;
      item.bytes += unit.bytes;
      item.objects += unit.objects;
      item.expected_bytes_saved += unit.value * static_cast<double>(candidate.segment_bytes);
    } else {
      candidate.closed = true;
      ++plan.over_budget;
    }
  }
  for (Candidate& candidate : candidates) {
    PlanItem& item = candidate.item;
    item.segments = candidate.held_wanted + item.new_segments;
    if (item.segments > 0) plan.items.push_back(std::move(item));
  }
  std::ranges::sort(plan.items, [](const PlanItem& a, const PlanItem& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.video < b.video;
  });
  for (const PlanItem& item : plan.items) {
    plan.bytes += item.bytes;
    plan.objects += item.objects;
    plan.expected_bytes_saved += item.expected_bytes_saved;
  }
  return plan;
}

Hint to_hint(const Plan& plan, std::string id, int64_t expires_at) {
  Hint hint{.id = std::move(id), .expires_at = expires_at, .items = {}};
  for (const PlanItem& item : plan.items) {
    if (item.new_segments <= 0) continue;
    hint.items.push_back({.video = item.video,
                          .renditions = {item.rendition},
                          .segments = item.segments,
                          .priority = item.priority});
  }
  return hint;
}

void mark_held(const Plan& plan, Held& held) {
  for (const PlanItem& item : plan.items) {
    if (item.segments <= 0) continue;
    int& count = held[held_key(item.video, item.rendition)];
    count = std::max(count, item.segments);
  }
}

}  // namespace prefetch
