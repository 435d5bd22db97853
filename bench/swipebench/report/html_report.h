// The HTML report: one self-contained page (no script, no external file) with the results
// table and inline SVG plots: the start-latency CDF and the first-segment hit ratio over time.
#pragma once

#include <string>
#include <vector>

#include "bench/swipebench/replay/stats.h"

namespace swipebench::report {

std::string format_html(const replay::RunResults& r,
                        const std::vector<replay::ViewerStats>& viewers);

// An SVG line plot of (x, y) points with axes labelled; y in [0, y_max].
std::string svg_plot(const std::vector<std::pair<double, double>>& points, double x_max,
                     double y_max, const std::string& x_label, const std::string& y_label,
                     const std::string& id);

// `text` with &, <, > and " escaped.
std::string html_escape(std::string_view text);

}  // namespace swipebench::report
