// to_json: the keys as the specification spells them; VERSION is 1, the only one there is.
#include "edge/routing/steering_manifest.h"

#include <nlohmann/json.hpp>

namespace edge::routing {

std::string to_json(const SteeringManifest& manifest) {
  nlohmann::json doc = {{"VERSION", 1},
                        {"TTL", manifest.ttl_s},
                        {"RELOAD-URI", manifest.reload_uri},
                        {"PATHWAY-PRIORITY", manifest.priority}};
  if (!manifest.clones.empty()) {
    nlohmann::json clones = nlohmann::json::array();
    for (const PathwayClone& clone : manifest.clones) {
      clones.push_back({{"BASE-ID", clone.base_id},
                        {"ID", clone.id},
                        {"URI-REPLACEMENT", {{"HOST", clone.host}}}});
    }
    doc["PATHWAY-CLONES"] = std::move(clones);
  }
  return doc.dump();
}

}  // namespace edge::routing
