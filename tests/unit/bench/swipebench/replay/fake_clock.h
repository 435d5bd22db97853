// A Scheduler driven by the test, and a Fetcher whose responses arrive after a set delay on
// that clock: the player model runs minutes of playback in microseconds.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/swipebench/replay/fetcher.h"
#include "bench/swipebench/replay/scheduler.h"

namespace swipebench::replay::testing {

class FakeScheduler final : public Scheduler {
 public:
  int64_t now_ms() const override { return now_; }
  std::unique_ptr<Timer> at(int64_t at_ms, std::function<void()> fn) override;
  // Runs every timer due up to `to_ms`, in time order, moving the clock to each.
  void run_until(int64_t to_ms);

 private:
  class FakeTimer;
  int64_t now_ = 0;
  uint64_t next_id_ = 0;
  std::map<std::pair<int64_t, uint64_t>, std::function<void()>> timers_;
};

struct FakeObject {
  int status = 200;
  std::string body;    // playlists
  uint64_t bytes = 0;  // segments: body size when `body` is empty
  std::string x_cache = "MISS";
  int64_t delay_ms = 10;
};

class FakeFetcher final : public Fetcher {
 public:
  FakeFetcher(FakeScheduler& clock, size_t max_in_flight) : clock_(clock), max_(max_in_flight) {}
  size_t max_in_flight() const override { return max_; }
  std::unique_ptr<FetchHandle> get(std::string target, bool keep_body, FetchDone done) override;

  std::map<std::string, FakeObject> objects;  // by path; others answer 404
  std::vector<std::string> requested;         // targets, in order
  size_t in_flight = 0;
  size_t most_in_flight = 0;

 private:
  FakeScheduler& clock_;
  size_t max_;
};

// A clip "v" with two renditions (low 500 kbit/s, high 2 Mbit/s) of `segments` 2 s segments
// of `segment_bytes` each, with init.
void add_clip(FakeFetcher& fetcher, const std::string& video, int segments, uint64_t segment_bytes,
              int64_t delay_ms);

}  // namespace swipebench::replay::testing
