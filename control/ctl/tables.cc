// Columns padded to their widest cell; numbers as controld gave them.
#include "control/ctl/tables.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace control::ctl {
namespace {

using Row = std::vector<std::string>;

std::string render(const std::vector<Row>& rows) {
  std::vector<size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "-";
  if (value.is_number_float()) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.3f", value.get<double>());
    return buffer;
  }
  return value.dump();
}

std::string joined(const nlohmann::json& list) {
  std::string out;
  for (const auto& item : list)
    out += (out.empty() ? "" : ",") + text(item);
  return out;
}

}  // namespace

std::string pops_table(const nlohmann::json& pops) {
  std::vector<Row> rows = {{"POP", "STATE", "REGIONS", "EDGE", "HEALTH"}};
  for (const auto& pop : pops.value("pops", nlohmann::json::array())) {
    const std::string state = pop.value("drained", false) ? "drained" : "active";
    bool first = true;
    for (const auto& edge : pop.value("edges", nlohmann::json::array())) {
      rows.push_back({first ? text(pop["name"]) : "", first ? state : "",
                      first ? joined(pop["regions"]) : "", text(edge["url"]),
                      edge.value("healthy", false) ? "healthy" : "dead"});
      first = false;
    }
  }
  return "leader: " + text(pops.value("leader", nlohmann::json())) + "\n" + render(rows);
}

std::string plan_table(const nlohmann::json& plan) {
  std::string head =
      "pop " + text(plan["pop"]) + ", hint " + text(plan["hint"]) + ": " + text(plan["bytes"]) +
      " bytes, " + text(plan["objects"]) + " objects, expected bytes saved " +
      text(plan["expected_bytes_saved"]) + ", acked by " +
      std::to_string(plan.value("acked", nlohmann::json::array()).size()) + " edge(s), failed " +
      std::to_string(plan.value("failed", nlohmann::json::array()).size()) + "\n";
  std::vector<Row> rows = {{"VIDEO", "RENDITION", "SEGMENTS", "NEW", "PRIORITY", "BYTES", "SAVED"}};
  for (const auto& item : plan.value("items", nlohmann::json::array())) {
    rows.push_back({text(item["video"]), text(item["rendition"]), text(item["segments"]),
                    text(item["new_segments"]), text(item["priority"]), text(item["bytes"]),
                    text(item["expected_bytes_saved"])});
  }
  return head + render(rows);
}

std::string leader_table(const nlohmann::json& leader) {
  return render({{"LEADER", "ASKED", "ASKED LEADS", "REDIS"},
                 {text(leader["leader"]), text(leader["id"]),
                  leader.value("leading", false) ? "yes" : "no", text(leader["redis"])}});
}

}  // namespace control::ctl
