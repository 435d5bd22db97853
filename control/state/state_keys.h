// The Redis keys of the control plane's shared state, all under one prefix so that several
// control planes (or tests) can share a Redis.
#pragma once

#include <string>
#include <string_view>

namespace control::state {

struct StateKeys {
  std::string prefix;

  std::string leader() const { return prefix + "leader"; }    // string: the leader's id
  std::string pops() const { return prefix + "pops"; }        // hash: PoP -> its config, JSON
  std::string drained() const { return prefix + "drained"; }  // set of drained PoPs
  // string: the PoP's last plan, JSON
  std::string plan(std::string_view pop) const { return prefix + "plan:" + std::string(pop); }
  // hash: edge URL -> its health, JSON
  std::string health(std::string_view pop) const { return prefix + "health:" + std::string(pop); }
  // hash: "video/rendition" -> "<segments> <expires at, Unix seconds>"
  std::string held(std::string_view pop) const { return prefix + "held:" + std::string(pop); }
};

}  // namespace control::state
