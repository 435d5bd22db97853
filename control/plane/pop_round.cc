// The round's steps, each answering to the callbacks of the one before: feeds, plan, pushes.
#include "control/plane/pop_round.h"

#include <set>

#include "prefetch/hint.h"
#include "prefetch/region_feed.h"

namespace control::plane {

PopRound::PopRound(RoundIo& io, const prefetch::PlannerConfig& planner, RoundSpec spec, Done done)
    : io_(io), planner_(planner), spec_(std::move(spec)), done_(std::move(done)) {
  report_.pop = spec_.pop.name;
  report_.hint_id = spec_.hint_id;
  report_.held = spec_.held;
}

void PopRound::start() {
  const auto& regions = spec_.pop.regions;
  feeds_.resize(regions.size());
  feeds_pending_ = regions.size();
  std::weak_ptr<char> alive = alive_;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    io_.fetch_feed(regions[i], [this, alive, i](std::expected<std::string, std::string> body) {
      if (!alive.expired()) feed_arrived(i, std::move(body));
    });
    if (alive.expired()) return;
  }
}

void PopRound::feed_arrived(std::size_t index, std::expected<std::string, std::string> body) {
  const std::string& region = spec_.pop.regions[index];
  if (!body) {
    report_.feed_errors.emplace_back(region, body.error());
  } else if (auto items = prefetch::parse_region_feed(*body); !items) {
    report_.feed_errors.emplace_back(region, "bad feed: " + items.error());
  } else {
    feeds_[index] = std::move(*items);
  }
  if (--feeds_pending_ == 0) plan();
}

void PopRound::plan() {
  if (report_.feed_errors.size() == spec_.pop.regions.size()) {
    finish();
    return;
  }
  const auto merged = prefetch::merge_region_feeds(feeds_);
  report_.plan = prefetch::make_plan(merged, spec_.pop.budget, spec_.held, planner_);
  report_.planned = true;
  prefetch::Hint hint = prefetch::to_hint(report_.plan, spec_.hint_id, spec_.expires_at);
  // An edge refuses a larger hint whole; the items are best first, so the tail goes, and
  // leaves the plan too, so that it is not recorded as held.
  if (const size_t most = prefetch::HintLimits{}.max_items; hint.items.size() > most) {
    hint.items.resize(most);
    std::set<std::string> sent;
    for (const prefetch::HintItem& item : hint.items)
      sent.insert(item.video);
    prefetch::Plan& plan = report_.plan;
    std::erase_if(plan.items, [&sent](const prefetch::PlanItem& item) {
      return item.new_segments > 0 && !sent.contains(item.video);
    });
    plan.bytes = 0;
    plan.objects = 0;
    plan.expected_bytes_saved = 0;
    for (const prefetch::PlanItem& item : plan.items) {
      plan.bytes += item.bytes;
      plan.objects += item.objects;
      plan.expected_bytes_saved += item.expected_bytes_saved;
    }
  }
  report_.hint_items = hint.items.size();
  if (hint.items.empty() || spec_.edges.empty()) {
    finish();
    return;
  }
  const std::string body = prefetch::to_json(hint);
  pushes_pending_ = spec_.edges.size();
  std::weak_ptr<char> alive = alive_;
  for (const std::string& edge : spec_.edges) {
    io_.push_hint(edge, body, [this, alive, edge](std::expected<void, std::string> result) {
      if (!alive.expired()) push_answered(edge, std::move(result));
    });
    if (alive.expired()) return;
  }
}

void PopRound::push_answered(const std::string& edge, std::expected<void, std::string> result) {
  if (result) {
    report_.acked.push_back(edge);
  } else {
    report_.failed.emplace_back(edge, result.error());
  }
  if (--pushes_pending_ > 0) return;
  if (report_.failed.empty()) prefetch::mark_held(report_.plan, report_.held);
  finish();
}

void PopRound::finish() {
  // The last thing the round does: `done` may destroy it.
  Done done = std::move(done_);
  done(std::move(report_));
}

}  // namespace control::plane
