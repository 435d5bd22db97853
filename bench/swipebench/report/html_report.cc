#include "bench/swipebench/report/html_report.h"

#include <algorithm>
#include <cstdio>

#include "bench/swipebench/report/table_report.h"

namespace swipebench::report {
namespace {

constexpr double kWidth = 560, kHeight = 280, kLeft = 60, kBottom = 40, kTop = 12, kRight = 16;

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string svg_plot(const std::vector<std::pair<double, double>>& points, double x_max,
                     double y_max, const std::string& x_label, const std::string& y_label,
                     const std::string& id) {
  x_max = std::max(x_max, 1e-9);
  y_max = std::max(y_max, 1e-9);
  double w = kWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + x / x_max * w; };
  auto py = [&](double y) { return kTop + h - y / y_max * h; };
  std::string svg = "<svg id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(kWidth) + "\" height=\"" + num(kHeight) +
                    "\" font-family=\"sans-serif\" font-size=\"11\">";
  svg += "<rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" + num(w) +
         "\" height=\"" + num(h) + "\" fill=\"none\" stroke=\"#888\"/>";
  for (int i = 0; i <= 4; ++i) {
    double fx = x_max * i / 4, fy = y_max * i / 4;
    svg += "<text x=\"" + num(px(fx)) + "\" y=\"" + num(kTop + h + 14) +
           "\" text-anchor=\"middle\">" + num(fx) + "</text>";
    svg += "<text x=\"" + num(kLeft - 4) + "\" y=\"" + num(py(fy) + 4) + "\" text-anchor=\"end\">" +
           num(fy) + "</text>";
  }
  svg += "<text x=\"" + num(kLeft + w / 2) + "\" y=\"" + num(kHeight - 6) +
         "\" text-anchor=\"middle\">" + html_escape(x_label) + "</text>";
  svg += "<text x=\"12\" y=\"" + num(kTop + h / 2) + "\" transform=\"rotate(-90 12 " +
         num(kTop + h / 2) + ")\" text-anchor=\"middle\">" + html_escape(y_label) + "</text>";
  if (!points.empty()) {
    svg += "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"";
    for (const auto& [x, y] : points)
      svg += num(px(std::min(x, x_max))) + "," + num(py(std::min(y, y_max))) + " ";
    svg += "\"/>";
  }
  svg += "</svg>";
  return svg;
}

std::string format_html(const replay::RunResults& r,
                        const std::vector<replay::ViewerStats>& viewers) {
  std::vector<double> latencies;
  for (const replay::ViewerStats& v : viewers)
    for (const replay::SwipeSample& s : v.swipes)
      if (s.start_latency_ms) latencies.push_back(static_cast<double>(*s.start_latency_ms));
  std::ranges::sort(latencies);
  std::vector<std::pair<double, double>> cdf;
  for (size_t i = 0; i < latencies.size(); ++i)
    cdf.emplace_back(latencies[i],
                     static_cast<double>(i + 1) / static_cast<double>(latencies.size()));
  double x_max = latencies.empty() ? 1 : latencies.back();
  std::vector<std::pair<double, double>> hits;
  double t_max = 10;
  for (const replay::HitBucket& b : r.hit_buckets) {
    double t = static_cast<double>(b.start_ms) / 1000;
    hits.emplace_back(t, b.first_segments
                             ? static_cast<double>(b.hits) / static_cast<double>(b.first_segments)
                             : 0);
    t_max = std::max(t_max, t + 10);
  }
  std::string html =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>swipebench replay</title>"
      "<style>body{font-family:sans-serif;margin:2em}td{padding:2px 12px}"
      "td:first-child{color:#555}</style></head><body>\n<h1>swipebench replay</h1>\n<table>\n";
  for (const auto& [k, v] : result_rows(r))
    html += "<tr><td>" + html_escape(k) + "</td><td>" + html_escape(v) + "</td></tr>\n";
  html += "</table>\n<h2>Start latency (CDF)</h2>\n" +
          svg_plot(cdf, x_max, 1, "start latency (ms)", "fraction of swipes", "start-latency-cdf") +
          "\n<h2>First-segment hit ratio over time (10 s buckets)</h2>\n" +
          svg_plot(hits, t_max, 1, "time since start (s)", "hit ratio", "hit-ratio-over-time") +
          "\n</body></html>\n";
  return html;
}

}  // namespace swipebench::report
