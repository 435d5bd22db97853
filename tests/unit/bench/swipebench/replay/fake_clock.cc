#include "tests/unit/bench/swipebench/replay/fake_clock.h"

namespace swipebench::replay::testing {

class FakeScheduler::FakeTimer final : public Timer {
 public:
  FakeTimer(FakeScheduler& owner, std::pair<int64_t, uint64_t> key) : owner_(owner), key_(key) {}
  ~FakeTimer() override { owner_.timers_.erase(key_); }

 private:
  FakeScheduler& owner_;
  std::pair<int64_t, uint64_t> key_;
};

std::unique_ptr<Timer> FakeScheduler::at(int64_t at_ms, std::function<void()> fn) {
  std::pair<int64_t, uint64_t> key{std::max(at_ms, now_), next_id_++};
  timers_[key] = std::move(fn);
  return std::make_unique<FakeTimer>(*this, key);
}

void FakeScheduler::run_until(int64_t to_ms) {
  while (!timers_.empty() && timers_.begin()->first.first <= to_ms) {
    auto it = timers_.begin();
    now_ = it->first.first;
    auto fn = std::move(it->second);
    timers_.erase(it);
    fn();
  }
  now_ = std::max(now_, to_ms);
}

namespace {

class FakeHandle final : public FetchHandle {
 public:
  FakeHandle(std::unique_ptr<Timer> timer, size_t& in_flight)
      : timer_(std::move(timer)), in_flight_(in_flight) {}
  ~FakeHandle() override {
    if (!fired_) --in_flight_;
  }
  std::unique_ptr<Timer> timer_;
  bool fired_ = false;
  size_t& in_flight_;
};

}  // namespace

std::unique_ptr<FetchHandle> FakeFetcher::get(std::string target, bool keep_body, FetchDone done) {
  requested.push_back(target);
  std::string path = target.substr(0, target.find('?'));
  FakeObject object;
  if (auto it = objects.find(path); it != objects.end()) {
    object = it->second;
  } else {
    object.status = 404;
    object.x_cache.clear();
  }
  ++in_flight;
  most_in_flight = std::max(most_in_flight, in_flight);
  auto handle = std::make_unique<FakeHandle>(nullptr, in_flight);
  FakeHandle* raw = handle.get();
  handle->timer_ = clock_.at(
      clock_.now_ms() + object.delay_ms, [this, raw, object, keep_body, done = std::move(done)] {
        raw->fired_ = true;
        --in_flight;
        FetchReply reply{object.status, object.x_cache,
                         object.body.empty() ? object.bytes : object.body.size(),
                         keep_body ? object.body : std::string()};
        done(std::move(reply));
      });
  return handle;
}

void add_clip(FakeFetcher& f, const std::string& video, int segments, uint64_t segment_bytes,
              int64_t delay_ms) {
  std::string base = "/v/" + video + "/";
  f.objects[base + "master.m3u8"] = {
      .body =
          "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000\nhigh/index.m3u8\n"
          "#EXT-X-STREAM-INF:BANDWIDTH=500000\nlow/index.m3u8\n",
      .bytes = 0,
      .delay_ms = delay_ms};
  for (std::string rung : {"low", "high"}) {
    std::string media =
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\"\n";
    for (int i = 0; i < segments; ++i) {
      media += "#EXTINF:2.0,\nseg_" + std::to_string(i) + ".m4s\n";
      f.objects[base + rung + "/seg_" + std::to_string(i) + ".m4s"] = {
          .body = {},
          .bytes = rung == "low" ? segment_bytes : segment_bytes * 4,
          .delay_ms = delay_ms};
    }
    media += "#EXT-X-ENDLIST\n";
    f.objects[base + rung + "/index.m3u8"] = {.body = media, .bytes = 0, .delay_ms = delay_ms};
    f.objects[base + rung + "/init.mp4"] = {.body = {}, .bytes = 800, .delay_ms = delay_ms};
  }
}

}  // namespace swipebench::replay::testing
