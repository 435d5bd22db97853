// The text format of the exposition: series summed across registries, families sorted, one
// HELP and TYPE each, histogram buckets cumulative, label values escaped.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "core/metrics/registry.h"

namespace core::metrics {
namespace {

constexpr std::array<std::string_view, 2> kRequestLabels = {"protocol", "status"};
constexpr std::array<std::string_view, 1> kPathLabel = {"path"};
constexpr std::array<double, 3> kBounds = {0.1, 0.5, 1};

constexpr FamilySpec kRequests{"test_requests_total", "Requests answered.", Kind::kCounter,
                               kRequestLabels};
constexpr FamilySpec kOpen{"test_open_connections", "Open connections.", Kind::kGauge};
constexpr FamilySpec kLatency{
    "test_latency_seconds", "Request latency.", Kind::kHistogram, {}, kBounds};
constexpr FamilySpec kPaths{"test_paths_total", "Help with \\ and\nnewline.", Kind::kCounter,
                            kPathLabel};

TEST(MetricsExposition, SumsSeriesAcrossRegistries) {
  Registry a;
  Registry b;
  Exposition exposition;
  exposition.add(a);
  exposition.add(b);

  a.counter(kRequests, {"h1", "200"}).inc(3);
  b.counter(kRequests, {"h1", "200"}).inc(4);
  b.counter(kRequests, {"h2", "404"}).inc();
  a.gauge(kOpen).set(5);
  b.gauge(kOpen).add(-2);
  a.histogram(kLatency).observe(0.05);
  a.histogram(kLatency).observe(0.5);
  b.histogram(kLatency).observe(0.7);
  b.histogram(kLatency).observe(3);

  EXPECT_EQ(exposition.render(),
            "# HELP test_latency_seconds Request latency.\n"
            "# TYPE test_latency_seconds histogram\n"
            "test_latency_seconds_bucket{le=\"0.1\"} 1\n"
            "test_latency_seconds_bucket{le=\"0.5\"} 2\n"
            "test_latency_seconds_bucket{le=\"1\"} 3\n"
            "test_latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "test_latency_seconds_sum 4.25\n"
            "test_latency_seconds_count 4\n"
            "# HELP test_open_connections Open connections.\n"
            "# TYPE test_open_connections gauge\n"
            "test_open_connections 3\n"
            "# HELP test_requests_total Requests answered.\n"
            "# TYPE test_requests_total counter\n"
            "test_requests_total{protocol=\"h1\",status=\"200\"} 7\n"
            "test_requests_total{protocol=\"h2\",status=\"404\"} 1\n");
}

TEST(MetricsExposition, EscapesLabelValuesAndHelp) {
  Registry registry;
  Exposition exposition;
  exposition.add(registry);
  registry.counter(kPaths, {"/a\"b\\c\nd"}).inc(2);
  EXPECT_EQ(exposition.render(),
            "# HELP test_paths_total Help with \\\\ and\\nnewline.\n"
            "# TYPE test_paths_total counter\n"
            "test_paths_total{path=\"/a\\\"b\\\\c\\nd\"} 2\n");
}

TEST(MetricsExposition, HistogramWithLabelsPutsLeLast) {
  static constexpr std::array<std::string_view, 1> kLabels = {"origin"};
  static constexpr FamilySpec kUpstream{"test_upstream_seconds", "Upstream.", Kind::kHistogram,
                                        kLabels, kBounds};
  Registry registry;
  Exposition exposition;
  exposition.add(registry);
  registry.histogram(kUpstream, {"o1"}).observe(0.1);
  EXPECT_EQ(exposition.render(),
            "# HELP test_upstream_seconds Upstream.\n"
            "# TYPE test_upstream_seconds histogram\n"
            "test_upstream_seconds_bucket{origin=\"o1\",le=\"0.1\"} 1\n"
            "test_upstream_seconds_bucket{origin=\"o1\",le=\"0.5\"} 1\n"
            "test_upstream_seconds_bucket{origin=\"o1\",le=\"1\"} 1\n"
            "test_upstream_seconds_bucket{origin=\"o1\",le=\"+Inf\"} 1\n"
            "test_upstream_seconds_sum{origin=\"o1\"} 0.1\n"
            "test_upstream_seconds_count{origin=\"o1\"} 1\n");
}

TEST(MetricsExposition, RemovedRegistryNoLongerCounts) {
  Registry a;
  Registry b;
  Exposition exposition;
  exposition.add(a);
  exposition.add(b);
  exposition.add(b);  // adding twice counts once
  a.gauge(kOpen).set(1);
  b.gauge(kOpen).set(10);
  EXPECT_NE(exposition.render().find("test_open_connections 11\n"), std::string::npos);
  exposition.remove(b);
  EXPECT_NE(exposition.render().find("test_open_connections 1\n"), std::string::npos);
}

TEST(MetricsExposition, BoundsAndSumsInShortestGeneralForm) {
  static constexpr std::array<double, 2> kSmall = {0.0005, 1e6};
  static constexpr FamilySpec kSizes{"test_sizes", "Sizes.", Kind::kHistogram, {}, kSmall};
  Registry registry;
  Exposition exposition;
  exposition.add(registry);
  registry.histogram(kSizes).observe(123456789);
  std::string text = exposition.render();
  EXPECT_NE(text.find("test_sizes_bucket{le=\"0.0005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("test_sizes_bucket{le=\"1e+06\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("test_sizes_sum 1.23456789e+08\n"), std::string::npos) << text;
}

TEST(MetricsExposition, EmptyWithoutSeries) {
  Registry registry;
  Exposition exposition;
  exposition.add(registry);
  EXPECT_EQ(exposition.render(), "");
}

}  // namespace
}  // namespace core::metrics
