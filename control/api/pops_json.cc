// Edges never checked yet are shown healthy, as pushes treat them.
#include "control/api/pops_json.h"

#include <nlohmann/json.hpp>

namespace control::api {
namespace {

nlohmann::json edges_json(const config::PopConfig& pop, const state::PopHealth& health) {
  nlohmann::json edges = nlohmann::json::array();
  for (const std::string& url : pop.edges) {
    const auto it = health.find(url);
    const state::EdgeHealthRecord record =
        it == health.end() ? state::EdgeHealthRecord{} : it->second;
    edges.push_back({{"url", url},
                     {"healthy", record.healthy},
                     {"failures", record.failures},
                     {"checked_at", record.checked_at}});
  }
  return edges;
}

}  // namespace

std::string pops_json(const state::Snapshot& snapshot) {
  static const state::PopHealth kUnchecked;
  nlohmann::json pops = nlohmann::json::array();
  for (const auto& [name, pop] : snapshot.pops) {
    const auto health = snapshot.health.find(name);
    pops.push_back(
        {{"name", name},
         {"regions", pop.regions},
         {"edges", edges_json(pop, health == snapshot.health.end() ? kUnchecked : health->second)},
         {"drained", snapshot.drained.contains(name)},
         {"budget_bytes", pop.budget.bytes},
         {"budget_objects", pop.budget.objects}});
  }
  nlohmann::json body = {{"leader", nullptr}, {"pops", std::move(pops)}};
  if (!snapshot.leader.empty()) body["leader"] = snapshot.leader;
  return body.dump();
}

}  // namespace control::api
