// WarmLedger: overall counts, the latest hints' counts in a list (latest first) with an index,
// and the fetched objects awaiting a hit in arrival order, so the oldest is forgotten first.
// An object leaves the tracked set when it is hit or evicted: each is counted once.
#include "prefetch/warm_ledger.h"

#include <list>
#include <unordered_map>

namespace prefetch {
namespace {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>()(text);
  }
};

template <typename T>
using ByName = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

struct Tracked {
  std::string hint;
  uint64_t bytes = 0;
  std::list<std::string>::iterator age;
};

}  // namespace

struct WarmLedger::Impl {
  Impl(std::size_t hints_kept, std::size_t tracked_kept)
      : max_hints(hints_kept), max_tracked(tracked_kept) {}

  // The counts of a retained hint, or null once it has aged out.
  WarmCounts* of(std::string_view hint) {
    auto it = hint_index.find(hint);
    return it != hint_index.end() ? &it->second->counts : nullptr;
  }

  // Adds to the total and, while it is retained, to the hint.
  template <typename Change>
  void count(std::string_view hint, Change change) {
    change(total);
    if (WarmCounts* counts = of(hint)) change(*counts);
  }

  void track(const std::string& key, const std::string& hint, uint64_t bytes) {
    if (max_tracked == 0) return;
    forget(key);
    while (tracked.size() >= max_tracked)
      forget(ages.front());
    ages.push_back(key);
    tracked.emplace(key, Tracked{.hint = hint, .bytes = bytes, .age = std::prev(ages.end())});
  }

  void forget(std::string_view key) {
    auto it = tracked.find(key);
    if (it == tracked.end()) return;
    ages.erase(it->second.age);
    tracked.erase(it);
  }

  std::size_t max_hints;
  std::size_t max_tracked;
  WarmCounts total;
  std::list<HintReport> reports;  // latest first
  ByName<std::list<HintReport>::iterator> hint_index;
  std::list<std::string> ages;  // tracked keys, oldest first
  ByName<Tracked> tracked;
};

WarmLedger::WarmLedger(std::size_t max_hints, std::size_t max_tracked)
    : impl_(std::make_unique<Impl>(max_hints, max_tracked)) {}

WarmLedger::~WarmLedger() = default;

void WarmLedger::hint_accepted(const std::string& hint, std::size_t items, int64_t expires_at) {
  std::lock_guard lock(mutex_);
  Impl& ledger = *impl_;
  if (ledger.max_hints > 0) {
    // A hint sent again (a retry of the same id) is one history entry, moved to the front.
    if (auto it = ledger.hint_index.find(hint); it != ledger.hint_index.end()) {
      ledger.reports.splice(ledger.reports.begin(), ledger.reports, it->second);
    } else {
      ledger.reports.push_front({.hint = hint, .expires_at = expires_at, .counts = {}});
      ledger.hint_index.emplace(hint, ledger.reports.begin());
      if (ledger.reports.size() > ledger.max_hints) {
        ledger.hint_index.erase(ledger.reports.back().hint);
        ledger.reports.pop_back();
      }
    }
    ledger.reports.front().expires_at = expires_at;
  }
  ledger.count(hint, [&](WarmCounts& c) {
    ++c.hints;
    c.items += items;
  });
}

void WarmLedger::queued(const std::string& hint, std::size_t objects) {
  std::lock_guard lock(mutex_);
  impl_->count(hint, [&](WarmCounts& c) { c.queued += objects; });
}

void WarmLedger::outcome(const std::string& hint, const std::string& key, WarmOutcome outcome,
                         uint64_t bytes) {
  std::lock_guard lock(mutex_);
  Impl& ledger = *impl_;
  switch (outcome) {
    case WarmOutcome::kFetched:
      ledger.count(hint, [&](WarmCounts& c) {
        ++c.fetched;
        c.bytes_fetched += bytes;
      });
      ledger.track(key, hint, bytes);
      break;
    case WarmOutcome::kAlreadyCached:
      ledger.count(hint, [](WarmCounts& c) { ++c.already_cached; });
      break;
    case WarmOutcome::kFailed:
      ledger.count(hint, [](WarmCounts& c) { ++c.failed; });
      break;
    case WarmOutcome::kDropped:
      ledger.count(hint, [](WarmCounts& c) { ++c.dropped; });
      break;
  }
}

bool WarmLedger::viewer_hit(std::string_view key) {
  std::lock_guard lock(mutex_);
  Impl& ledger = *impl_;
  auto it = ledger.tracked.find(key);
  if (it == ledger.tracked.end()) return false;
  const uint64_t bytes = it->second.bytes;
  ledger.count(it->second.hint, [bytes](WarmCounts& c) {
    ++c.later_hit;
    c.later_hit_bytes += bytes;
  });
  ledger.forget(key);
  return true;
}

bool WarmLedger::evicted(std::string_view key) {
  std::lock_guard lock(mutex_);
  Impl& ledger = *impl_;
  auto it = ledger.tracked.find(key);
  if (it == ledger.tracked.end()) return false;
  uint64_t bytes = it->second.bytes;
  ledger.count(it->second.hint, [&](WarmCounts& c) {
    ++c.evicted_unhit;
    c.wasted_bytes += bytes;
  });
  ledger.forget(key);
  return true;
}

WarmCounts WarmLedger::total() const {
  std::lock_guard lock(mutex_);
  return impl_->total;
}

std::vector<WarmLedger::HintReport> WarmLedger::hints() const {
  std::lock_guard lock(mutex_);
  return {impl_->reports.begin(), impl_->reports.end()};
}

std::size_t WarmLedger::tracked() const {
  std::lock_guard lock(mutex_);
  return impl_->tracked.size();
}

}  // namespace prefetch
