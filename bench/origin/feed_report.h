// The feed benchmark's results: latency summaries, per-phase results, the table on stdout, the
// verdicts against the targets, a JSON document and an HTML page plotting p50/p99 per rate.
#pragma once

#include <cstddef>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bench::feed {

struct Latency {
  std::size_t count = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0, mean_ms = 0;
};
// Nearest-rank percentiles of `ms` (reordered).
Latency summarize(std::vector<double>& ms);

struct IngestResult {
  std::size_t events = 0;    // sent in batches
  std::size_t accepted = 0;  // as the responses counted them
  std::size_t rejected = 0;
  std::size_t batches = 0;
  std::size_t retries = 0;  // 503 answers, sent again
  std::size_t failed = 0;   // batches that got neither 200 nor 503
  std::size_t connections = 0;
  double seconds = 0;
  std::vector<double> server_cpu_s;  // per process of Report::servers, while ingesting
  Latency batch;
  double rate() const { return seconds > 0 ? static_cast<double>(accepted) / seconds : 0; }
};

struct StepResult {
  double target_rate = 0;
  double seconds = 0;
  std::size_t sent = 0;
  std::size_t ok = 0;
  std::size_t errors = 0;  // transport failures and non-200 answers
  std::size_t personalised = 0, trending = 0, fallback = 0;
  std::size_t events_posted = 0, events_accepted = 0;
  std::vector<double> server_cpu_s;  // per process of Report::servers
  Latency all, first_page, next_page, events_post;
  double achieved_rate() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
};

struct RegionResult {
  double rate = 0;
  std::size_t sent = 0, ok = 0, errors = 0;
  double mean_items = 0;
  Latency latency;
};

struct Targets {
  double feed_rate = 1'000;
  double p99_ms = 10;
  double events_per_s = 50'000;
};

struct Report {
  std::string started;        // ISO time
  std::string load_at_start;  // /proc/loadavg
  std::string load_at_end;
  std::string mix;                   // a sentence on the request mix
  std::vector<std::string> servers;  // names of the processes whose CPU time is measured
  Targets targets;
  bool have_ingest = false;
  IngestResult ingest;
  std::vector<StepResult> steps;
  bool have_region = false;
  RegionResult region;
};

std::string load_average();
void print_ingest(const Report& report, std::FILE* out);
void print_steps(const Report& report, std::FILE* out);
void print_region(const RegionResult& r, std::FILE* out);
// "PASS"/"FAIL" lines for the targets that were measured; true when all passed.
bool print_verdicts(const Report& report, std::FILE* out);
nlohmann::json to_json(const Report& report);
std::string html_page(const Report& report);

}  // namespace bench::feed
