// Summaries, the printed tables and verdicts, JSON and the HTML plot (inline SVG, log scale).
#include "bench/origin/feed_report.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

namespace bench::feed {
namespace {

double rank(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(i, 1, sorted.size()) - 1];
}

nlohmann::json latency_json(const Latency& l) {
  return {{"count", l.count},     {"p50_ms", l.p50_ms}, {"p90_ms", l.p90_ms},  {"p99_ms", l.p99_ms},
          {"p999_ms", l.p999_ms}, {"max_ms", l.max_ms}, {"mean_ms", l.mean_ms}};
}

// The step measured at the target rate, or nullptr.
const StepResult* target_step(const Report& report) {
  for (const StepResult& s : report.steps) {
    if (std::abs(s.target_rate - report.targets.feed_rate) < 0.5) return &s;
  }
  return nullptr;
}

bool feed_passes(const StepResult& s, const Targets& t) {
  return s.all.p99_ms <= t.p99_ms && s.achieved_rate() >= 0.95 * s.target_rate &&
         s.errors * 1000 <= s.sent;
}

// `value` with `digits` decimals.
std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

}  // namespace

Latency summarize(std::vector<double>& ms) {
  Latency l;
  l.count = ms.size();
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  l.p50_ms = rank(ms, 0.50);
  l.p90_ms = rank(ms, 0.90);
  l.p99_ms = rank(ms, 0.99);
  l.p999_ms = rank(ms, 0.999);
  l.max_ms = ms.back();
  l.mean_ms = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  return l;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

void print_ingest(const Report& report, std::FILE* out) {
  const IngestResult& r = report.ingest;
  std::fprintf(out,
               "ingest: %zu events in %zu batches over %zu connections, %.2f s: %zu accepted, "
               "%zu rejected, %zu retried (503), %zu failed\n"
               "ingest: %.0f events/s accepted; batch latency p50 %.1f ms, p99 %.1f ms, max %.1f "
               "ms\n",
               r.events, r.batches, r.connections, r.seconds, r.accepted, r.rejected, r.retries,
               r.failed, r.rate(), r.batch.p50_ms, r.batch.p99_ms, r.batch.max_ms);
  for (std::size_t i = 0; i < r.server_cpu_s.size() && i < report.servers.size(); ++i) {
    std::fprintf(out, "ingest: %s cpu %.2f s, %.0f%% of one core, %.1f us/event\n",
                 report.servers[i].c_str(), r.server_cpu_s[i],
                 r.seconds > 0 ? 100 * r.server_cpu_s[i] / r.seconds : 0.0,
                 r.accepted > 0 ? 1e6 * r.server_cpu_s[i] / static_cast<double>(r.accepted) : 0.0);
  }
}

void print_steps(const Report& report, std::FILE* out) {
  std::fprintf(out, "%8s %9s %7s %6s %8s %8s %8s %8s %9s %9s %8s %8s", "rate/s", "achieved", "sent",
               "errors", "p50 ms", "p90 ms", "p99 ms", "max ms", "1st p99", "next p99", "fallback",
               "events/s");
  for (const std::string& name : report.servers)
    std::fprintf(out, " %9s", (name.substr(0, 7) + " %").c_str());
  std::fputc('\n', out);
  for (const StepResult& s : report.steps) {
    std::fprintf(out, "%8.0f %9.1f %7zu %6zu %8.2f %8.2f %8.2f %8.1f %9.2f %9.2f %8zu %8.0f",
                 s.target_rate, s.achieved_rate(), s.sent, s.errors, s.all.p50_ms, s.all.p90_ms,
                 s.all.p99_ms, s.all.max_ms, s.first_page.p99_ms, s.next_page.p99_ms, s.fallback,
                 s.seconds > 0 ? static_cast<double>(s.events_accepted) / s.seconds : 0.0);
    for (double cpu : s.server_cpu_s)
      std::fprintf(out, " %9.0f", s.seconds > 0 ? 100 * cpu / s.seconds : 0.0);
    std::fputc('\n', out);
  }
}

void print_region(const RegionResult& r, std::FILE* out) {
  std::fprintf(out,
               "region feed: %.0f/s, %zu sent, %zu ok, %zu errors, %.1f items: p50 %.2f ms, "
               "p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
               r.rate, r.sent, r.ok, r.errors, r.mean_items, r.latency.p50_ms, r.latency.p90_ms,
               r.latency.p99_ms, r.latency.max_ms);
}

bool print_verdicts(const Report& report, std::FILE* out) {
  bool all = true;
  const Targets& t = report.targets;
  if (report.have_ingest) {
    bool pass = report.ingest.rate() >= t.events_per_s;
    all = all && pass;
    std::fprintf(out, "%s: ingestion %.0f events/s (target >= %.0f)\n", pass ? "PASS" : "FAIL",
                 report.ingest.rate(), t.events_per_s);
  }
  if (!report.steps.empty()) {
    const StepResult* s = target_step(report);
    bool pass = s != nullptr && feed_passes(*s, t);
    all = all && pass;
    if (s == nullptr) {
      std::fprintf(out, "FAIL: no step at %.0f feeds/s\n", t.feed_rate);
    } else {
      std::fprintf(out,
                   "%s: feed p99 %.2f ms at %.0f feeds/s (achieved %.1f/s, %zu errors; target "
                   "p99 <= %.0f ms)\n",
                   pass ? "PASS" : "FAIL", s->all.p99_ms, s->target_rate, s->achieved_rate(),
                   s->errors, t.p99_ms);
    }
  }
  return all;
}

nlohmann::json to_json(const Report& report) {
  nlohmann::json j = {{"started", report.started},
                      {"load_at_start", report.load_at_start},
                      {"load_at_end", report.load_at_end},
                      {"mix", report.mix},
                      {"servers", report.servers},
                      {"targets",
                       {{"feed_rate", report.targets.feed_rate},
                        {"p99_ms", report.targets.p99_ms},
                        {"events_per_s", report.targets.events_per_s}}}};
  if (report.have_ingest) {
    const IngestResult& r = report.ingest;
    j["ingest"] = {{"events", r.events},
                   {"accepted", r.accepted},
                   {"rejected", r.rejected},
                   {"batches", r.batches},
                   {"retries", r.retries},
                   {"failed", r.failed},
                   {"connections", r.connections},
                   {"seconds", r.seconds},
                   {"events_per_s", r.rate()},
                   {"server_cpu_s", r.server_cpu_s},
                   {"batch_latency", latency_json(r.batch)},
                   {"pass", r.rate() >= report.targets.events_per_s}};
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const StepResult& s : report.steps) {
    steps.push_back(
        {{"target_rate", s.target_rate},
         {"achieved_rate", s.achieved_rate()},
         {"seconds", s.seconds},
         {"sent", s.sent},
         {"ok", s.ok},
         {"errors", s.errors},
         {"sources",
          {{"personalised", s.personalised}, {"trending", s.trending}, {"fallback", s.fallback}}},
         {"events_posted", s.events_posted},
         {"events_accepted", s.events_accepted},
         {"server_cpu_s", s.server_cpu_s},
         {"latency", latency_json(s.all)},
         {"first_page", latency_json(s.first_page)},
         {"next_page", latency_json(s.next_page)},
         {"events_post", latency_json(s.events_post)}});
  }
  j["feed_steps"] = std::move(steps);
  if (const StepResult* s = target_step(report)) j["feed_pass"] = feed_passes(*s, report.targets);
  if (report.have_region) {
    const RegionResult& r = report.region;
    j["region_feed"] = {{"rate", r.rate},
                        {"sent", r.sent},
                        {"ok", r.ok},
                        {"errors", r.errors},
                        {"mean_items", r.mean_items},
                        {"latency", latency_json(r.latency)}};
  }
  return j;
}

std::string html_page(const Report& report) {
  constexpr double kLeft = 70, kTop = 20, kWidth = 600, kHeight = 320;
  double max_rate = 1;
  for (const StepResult& s : report.steps)
    max_rate = std::max(max_rate, s.target_rate);
  // y: log10 of ms from 0.1 ms to 1000 ms.
  auto y_of = [&](double ms) {
    double v = std::clamp(std::log10(std::max(ms, 0.1)), -1.0, 3.0);
    return kTop + kHeight * (1 - (v + 1) / 4);
  };
  auto x_of = [&](double rate) { return kLeft + kWidth * rate / max_rate; };
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='720' height='400' "
         "font-family='sans-serif' font-size='12'>\n";
  for (double ms : {0.1, 1.0, 10.0, 100.0, 1000.0}) {
    svg << "<line x1='" << kLeft << "' y1='" << y_of(ms) << "' x2='" << kLeft + kWidth << "' y2='"
        << y_of(ms) << "' stroke='#ddd'/><text x='" << kLeft - 6 << "' y='" << y_of(ms) + 4
        << "' text-anchor='end'>" << ms << " ms</text>\n";
  }
  for (const StepResult& s : report.steps) {
    svg << "<text x='" << x_of(s.target_rate) << "' y='" << kTop + kHeight + 18
        << "' text-anchor='middle'>" << s.target_rate << "</text>\n";
  }
  svg << "<line x1='" << kLeft << "' y1='" << y_of(report.targets.p99_ms) << "' x2='"
      << kLeft + kWidth << "' y2='" << y_of(report.targets.p99_ms)
      << "' stroke='#c00' stroke-dasharray='4 4'/>\n";
  svg << "<text x='" << kLeft + kWidth / 2 << "' y='390' text-anchor='middle'>"
      << "feeds/s offered (open loop)</text>\n";
  auto curve = [&](auto value, const char* colour, const char* label, double legend_y) {
    svg << "<polyline fill='none' stroke='" << colour << "' stroke-width='2' points='";
    for (const StepResult& s : report.steps)
      svg << x_of(s.target_rate) << "," << y_of(value(s)) << " ";
    svg << "'/>\n<text x='" << kLeft + 10 << "' y='" << legend_y << "' fill='" << colour << "'>"
        << label << "</text>\n";
  };
  curve([](const StepResult& s) { return s.all.p50_ms; }, "#1f77b4", "p50", kTop + 14);
  curve([](const StepResult& s) { return s.all.p99_ms; }, "#d62728", "p99", kTop + 28);
  svg << "</svg>\n";

  std::ostringstream page;
  page << "<!doctype html>\n<html><head><meta charset='utf-8'><title>origind feed latency"
          "</title></head><body>\n<h1>GET /api/feed latency against offered rate</h1>\n<p>"
       << report.mix << "</p>\n<p>Load average at start " << report.load_at_start << ", at end "
       << report.load_at_end << ".</p>\n"
       << svg.str() << "<table border='1' cellpadding='4'><tr><th>rate/s</th><th>achieved</th>"
       << "<th>errors</th><th>fallback</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>max "
          "ms</th></tr>\n";
  for (const StepResult& s : report.steps) {
    page << "<tr><td>" << s.target_rate << "</td><td>" << fixed(s.achieved_rate(), 1) << "</td><td>"
         << s.errors << "</td><td>" << s.fallback << "</td><td>" << fixed(s.all.p50_ms, 2)
         << "</td><td>" << fixed(s.all.p90_ms, 2) << "</td><td>" << fixed(s.all.p99_ms, 2)
         << "</td><td>" << fixed(s.all.max_ms, 1) << "</td></tr>\n";
  }
  page << "</table>\n";
  if (report.have_ingest) {
    page << "<p>Ingestion: " << fixed(report.ingest.rate(), 0) << " events/s accepted ("
         << report.ingest.accepted << " events in " << fixed(report.ingest.seconds, 2)
         << " s).</p>\n";
  }
  if (report.have_region) {
    page << "<p>Region feed at " << report.region.rate << "/s: p50 "
         << fixed(report.region.latency.p50_ms, 2) << " ms, p99 "
         << fixed(report.region.latency.p99_ms, 2) << " ms.</p>\n";
  }
  page << "</body></html>\n";
  return page.str();
}

}  // namespace bench::feed
