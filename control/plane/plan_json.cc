// The JSON of a round, built with nlohmann::json.
#include "control/plane/plan_json.h"

#include <nlohmann/json.hpp>

namespace control::plane {

std::string plan_json(const RoundReport& report, int64_t created_at) {
  const prefetch::Plan& plan = report.plan;
  nlohmann::json items = nlohmann::json::array();
  for (const prefetch::PlanItem& item : plan.items) {
    items.push_back({{"video", item.video},
                     {"rendition", item.rendition},
                     {"segments", item.segments},
                     {"new_segments", item.new_segments},
                     {"priority", item.priority},
                     {"expected_bytes_saved", item.expected_bytes_saved},
                     {"bytes", item.bytes},
                     {"objects", item.objects}});
  }
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& [edge, why] : report.failed)
    failed.push_back({{"edge", edge}, {"error", why}});
  nlohmann::json feed_errors = nlohmann::json::array();
  for (const auto& [region, why] : report.feed_errors)
    feed_errors.push_back({{"region", region}, {"error", why}});
  return nlohmann::json{{"pop", report.pop},
                        {"hint", report.hint_id},
                        {"created_at", created_at},
                        {"items", std::move(items)},
                        {"bytes", plan.bytes},
                        {"objects", plan.objects},
                        {"expected_bytes_saved", plan.expected_bytes_saved},
                        {"held_units", plan.held_units},
                        {"over_budget", plan.over_budget},
                        {"hint_items", report.hint_items},
                        {"acked", report.acked},
                        {"failed", std::move(failed)},
                        {"feed_errors", std::move(feed_errors)}}
      .dump();
}

}  // namespace control::plane
