// Registry lookups and the histogram's bucket arithmetic.
#include "core/metrics/registry.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <string_view>

namespace core::metrics {
namespace {

constexpr std::array<std::string_view, 1> kLabel = {"reason"};
constexpr std::array<double, 2> kBounds = {1, 2};
constexpr FamilySpec kRejected{"test_rejected_total", "Rejected.", Kind::kCounter, kLabel};

TEST(MetricsRegistry, SameLabelsGiveSameCounter) {
  Registry registry;
  Counter& a = registry.counter(kRejected, {"path"});
  Counter& b = registry.counter(kRejected, {"path"});
  Counter& c = registry.counter(kRejected, {"method"});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  a.inc();
  b.inc(2);
  EXPECT_EQ(a.value(), 3u);
  EXPECT_EQ(c.value(), 0u);
}

TEST(MetricsRegistry, MissingLabelValuesRenderEmpty) {
  Registry registry;
  Exposition exposition;
  exposition.add(registry);
  registry.counter(kRejected).inc();
  EXPECT_NE(exposition.render().find("test_rejected_total{reason=\"\"} 1\n"), std::string::npos);
}

TEST(MetricsHistogram, BucketsAreCumulativeAndBoundsInclusive) {
  Histogram h(kBounds);
  h.observe(1);                                         // le=1 is inclusive
  h.observe(1.5);                                       // le=2
  h.observe(2.5);                                       // +Inf
  h.observe(std::numeric_limits<double>::quiet_NaN());  // ignored
  EXPECT_EQ(h.bucket(0), 1u);
  EXPECT_EQ(h.bucket(1), 2u);
  EXPECT_EQ(h.bucket(2), 3u);
  EXPECT_EQ(h.count(), 3u);
  EXPECT_DOUBLE_EQ(h.sum(), 5.0);
}

TEST(MetricsHistogram, LargeObservationsKeepTheirSum) {
  Histogram h(kBounds);
  h.observe(1e15);
  h.observe(1e15);
  EXPECT_DOUBLE_EQ(h.sum(), 2e15);
}

TEST(MetricsHistogram, LatencyBucketsAreSortedSeconds) {
  auto bounds = latency_buckets();
  ASSERT_FALSE(bounds.empty());
  EXPECT_DOUBLE_EQ(bounds.front(), 0.0005);
  EXPECT_DOUBLE_EQ(bounds.back(), 10);
  EXPECT_TRUE(std::is_sorted(bounds.begin(), bounds.end()));
}

}  // namespace
}  // namespace core::metrics
