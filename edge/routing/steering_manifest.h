// The HLS content steering manifest (RFC 8216bis section 7.2 and Apple's Content Steering
// specification): a JSON object a player reloads every TTL seconds to learn which pathway to
// use. Pure.
#pragma once

#include <string>
#include <vector>

namespace edge::routing {

// A pathway the player may not have in its multivariant playlist: a copy of `base_id` whose
// URIs have their host replaced by `host`.
struct PathwayClone {
  std::string id;
  std::string base_id;
  std::string host;
};

struct SteeringManifest {
  int ttl_s = 10;
  std::string reload_uri;             // relative to the manifest's own URL
  std::vector<std::string> priority;  // pathway IDs, preferred first
  std::vector<PathwayClone> clones;   // omitted from the JSON when empty
};

std::string to_json(const SteeringManifest& manifest);

}  // namespace edge::routing
