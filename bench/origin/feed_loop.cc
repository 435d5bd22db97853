// OpenLoop re-arms one timer for the next due request; run_until polls with a short timer.
#include "bench/origin/feed_loop.h"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace bench::feed {
namespace {

struct Until {
  event_base* loop;
  const std::function<bool()>* done;
  Clock::time_point deadline;
  bool timed_out = false;
};

void check(evutil_socket_t, short, void* arg) {
  auto* until = static_cast<Until*>(arg);
  if ((*until->done)()) {
    event_base_loopbreak(until->loop);
  } else if (Clock::now() >= until->deadline) {
    until->timed_out = true;
    event_base_loopbreak(until->loop);
  }
}

timeval to_timeval(Clock::duration d) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  if (us < 0) us = 0;
  return {static_cast<time_t>(us / 1'000'000), static_cast<suseconds_t>(us % 1'000'000)};
}

}  // namespace

Loop make_loop() {
  core::base::UniqueHandle<event_config, event_config_free> config(event_config_new());
  if (config) event_config_set_flag(config.get(), EVENT_BASE_FLAG_PRECISE_TIMER);
  return Loop(config ? event_base_new_with_config(config.get()) : event_base_new());
}

OpenLoop::OpenLoop(event_base* loop, double rate, double seconds, Issue issue)
    : rate_(rate),
      total_(static_cast<std::size_t>(std::llround(rate * seconds))),
      issue_(std::move(issue)),
      timer_(evtimer_new(loop, &OpenLoop::fire, this)) {}

void OpenLoop::start() {
  start_ = Clock::now();
  arm();
}

void OpenLoop::fire(evutil_socket_t, short, void* self) {
  auto* open = static_cast<OpenLoop*>(self);
  Clock::time_point now = Clock::now();
  while (!open->finished()) {
    auto due = open->start_ + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(open->issued_ / open->rate_));
    if (due > now) break;
    ++open->issued_;
    open->issue_(due);
  }
  open->arm();
}

void OpenLoop::arm() {
  if (finished()) return;
  auto due = start_ + std::chrono::duration_cast<Clock::duration>(
                          std::chrono::duration<double>(issued_ / rate_));
  timeval wait = to_timeval(due - Clock::now());
  evtimer_add(timer_.get(), &wait);
}

bool run_until(event_base* loop, const std::function<bool()>& done, double limit) {
  Until until{loop, &done,
              Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(limit))};
  core::base::UniqueHandle<event, event_free> poll(event_new(loop, -1, EV_PERSIST, &check, &until));
  timeval every{0, 2'000};
  event_add(poll.get(), &every);
  if (!done()) event_base_dispatch(loop);
  return !until.timed_out;
}

std::vector<double> cpu_seconds(const std::vector<int>& pids) {
  std::vector<double> used;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (int pid : pids) {
    used.push_back(0);
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    // Fields after the command (which may hold spaces) start at the last ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    used.back() = (utime + stime) / ticks;
  }
  return used;
}

std::vector<double> cpu_since(const std::vector<double>& before, const std::vector<int>& pids) {
  std::vector<double> used = cpu_seconds(pids);
  for (std::size_t i = 0; i < used.size() && i < before.size(); ++i)
    used[i] -= before[i];
  return used;
}

}  // namespace bench::feed
