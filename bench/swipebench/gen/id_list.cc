// Ids go through the trace's own video rule, so a trace written with them reads back.
#include "bench/swipebench/gen/id_list.h"

#include <fstream>
#include <unordered_set>

#include "bench/swipebench/trace_fields.h"

namespace swipebench::gen {

std::expected<std::vector<std::string>, std::string> read_id_list(const std::string& path) {
  constexpr size_t kMaxIds = 10'000'000;
  std::ifstream file(path);
  if (!file) return std::unexpected(path + ": cannot open");
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;
  std::string line;
  for (size_t number = 1; std::getline(file, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    SwipeRow row;
    if (line.front() == '#' || !set_column(row, Column::kVideo, line))
      return std::unexpected(where + "not a video id (letters, digits, - _ . ~)");
    if (!seen.insert(line).second) return std::unexpected(where + "listed twice");
    if (ids.size() == kMaxIds) return std::unexpected(where + "more than 10000000 ids");
    ids.push_back(line);
  }
  if (file.bad()) return std::unexpected(path + ": cannot read");
  if (ids.empty()) return std::unexpected(path + ": no ids");
  return ids;
}

}  // namespace swipebench::gen
