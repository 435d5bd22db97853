// Prometheus metrics. Each worker thread owns a Registry and is the only writer of its
// metrics, so nothing on the hot path is shared between workers; a scrape renders the sum of
// every registry in the Exposition (text format 0.0.4).
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace core::metrics {

// Relaxed atomics: written by one thread, read by the scraper.
class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(int64_t n) { value_.store(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Cumulative buckets with fixed upper bounds (seconds for latencies), plus sum and count.
// `bounds` must be sorted and outlive the histogram (a constexpr table). NaN is ignored.
class Histogram {
 public:
  explicit Histogram(std::span<const double> bounds);
  void observe(double value);
  std::span<const double> bounds() const { return bounds_; }
  uint64_t bucket(size_t i) const;  // observations <= bounds()[i]; i == bounds().size() is +Inf
  double sum() const;
  uint64_t count() const;

 private:
  std::span<const double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // per bucket, not cumulative
  std::atomic<double> sum_{0.0};  // a double, so byte-sized observations never overflow
  std::atomic<uint64_t> count_{0};
};

enum class Kind : uint8_t { kCounter, kGauge, kHistogram };

// One metric family as a module declares it in its table of metrics.
struct FamilySpec {
  std::string_view name;  // e.g. "edge_requests_total"
  std::string_view help;
  Kind kind;
  std::span<const std::string_view> labels = {};  // label names, in order
  std::span<const double> buckets = {};           // histograms only
};

// The metrics of one thread. Lookups by label values take a lock and allocate on first use
// only: callers keep the returned reference for hot paths.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Counter& counter(const FamilySpec& family, std::initializer_list<std::string_view> values = {});
  Gauge& gauge(const FamilySpec& family, std::initializer_list<std::string_view> values = {});
  Histogram& histogram(const FamilySpec& family,
                       std::initializer_list<std::string_view> values = {});

 private:
  friend class Exposition;
  struct Series;
  Series& series(const FamilySpec& family, std::initializer_list<std::string_view> values);

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::vector<std::string>>, std::unique_ptr<Series>> series_;
};

// Every registry of a process, rendered together.
class Exposition {
 public:
  // Registries must outlive the Exposition or be removed first. Thread-safe.
  void add(const Registry& registry);
  void remove(const Registry& registry);
  // Prometheus text format: one HELP and TYPE per family, series summed across registries.
  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::vector<const Registry*> registries_;
};

// Latency buckets in seconds, from 0.5 ms to 10 s.
std::span<const double> latency_buckets();

}  // namespace core::metrics
