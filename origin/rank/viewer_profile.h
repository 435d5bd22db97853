// What the ranking knows of one viewer: what they watched, what they completed lately, their
// interest weights and whom they follow. Read from Redis per feed request.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace origin::rank {

struct ViewerProfile {
  std::string user;
  std::unordered_set<std::string> seen;         // every video shown-and-watched lately
  std::vector<std::string> recent_completions;  // newest first, a few dozen at most
  // Completions (cold start below 3); the origin counts at most its recent ones.
  int64_t completed_count = 0;
  std::unordered_map<std::string, double> hashtag_weights;  // decayed interest per hashtag
  std::unordered_map<std::string, double> creator_weights;  // decayed interest per creator
  std::unordered_set<std::string> follows;                  // creators followed
};

}  // namespace origin::rank
