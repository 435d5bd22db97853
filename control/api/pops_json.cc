// Edges never checked yet are shown healthy, as pushes treat them.
#include "control/api/pops_json.h"

#include <nlohmann/json.hpp>

namespace control::api {

std::string pops_json(const state::Snapshot& snapshot) {
  nlohmann::json pops = nlohmann::json::array();
  for (const auto& [name, pop] : snapshot.pops) {
    const auto health = snapshot.health.find(name);
    nlohmann::json edges = nlohmann::json::array();
    for (const std::string& url : pop.edges) {
      state::EdgeHealthRecord record;
      if (health != snapshot.health.end()) {
        if (auto it = health->second.find(url); it != health->second.end()) record = it->second;
      }
      edges.push_back({{"url", url},
                       {"healthy", record.healthy},
                       {"failures", record.failures},
                       {"checked_at", record.checked_at}});
    }
    pops.push_back({{"name", name},
                    {"regions", pop.regions},
                    {"edges", std::move(edges)},
                    {"drained", snapshot.drained.contains(name)},
                    {"budget_bytes", pop.budget.bytes},
                    {"budget_objects", pop.budget.objects}});
  }
  return nlohmann::json{{"leader", snapshot.leader ? nlohmann::json(*snapshot.leader) : nullptr},
                        {"pops", std::move(pops)}}
      .dump();
}

}  // namespace control::api
