// A reader of the Prometheus text format just wide enough for counters: "name{labels} value".
#include "bench/swipebench/replay/edge_metrics.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace swipebench::replay {

std::map<std::string, double> parse_exposition(std::string_view text) {
  std::map<std::string, double> sums;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.starts_with('#')) continue;
    size_t name_end = line.find_first_of("{ ");
    if (name_end == std::string_view::npos) continue;
    std::string name(line.substr(0, name_end));
    std::string labelled = name;
    size_t value_at = name_end;
    if (line[name_end] == '{') {
      size_t close = line.find('}', name_end);
      if (close == std::string_view::npos) continue;
      labelled = std::string(line.substr(0, close + 1));
      value_at = close + 1;
    }
    std::string value(line.substr(value_at));
    char* parsed_end = nullptr;
    double v = std::strtod(value.c_str(), &parsed_end);
    if (parsed_end == value.c_str()) continue;
    sums[name] += v;
    if (labelled != name) sums[labelled] += v;
  }
  return sums;
}

}  // namespace swipebench::replay
