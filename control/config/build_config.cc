// build_config: the file, then the flags, then the checks across settings.
#include <unistd.h>

#include <set>

#include "control/config/config_values.h"
#include "core/client/origin_url.h"

namespace control::config {
namespace {

// "--admin-secret" -> "admin_secret".
std::string key_of(std::string_view flag) {
  std::string key(flag.substr(2));
  for (char& c : key)
    if (c == '-') c = '_';
  return key;
}

std::string default_id() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') host[0] = 'h';
  std::string id = std::string(host) + "-" + std::to_string(::getpid());
  for (char& c : id)
    if (!is_valid_name(std::string(1, c))) c = '-';
  return id.substr(0, 64);
}

constexpr size_t kMaxPopName = 32;

std::expected<void, std::string> validate_pops(const ControlConfig& config) {
  const std::string& file = config.pops_file;
  if (config.pops.empty()) return std::unexpected(config_error(file, "pop", "", "no [[pop]]"));
  std::set<std::string> seen;
  for (size_t i = 0; i < config.pops.size(); ++i) {
    const PopConfig& pop = config.pops[i];
    const std::string where = "pop[" + std::to_string(i) + "]";
    if (pop.name.empty())
      return std::unexpected(config_error(file, where + ".name", "", "missing"));
    if (!seen.insert(pop.name).second)
      return std::unexpected(config_error(file, where + ".name", pop.name, "given twice"));
    // Hint ids are "h-<pop>-<unix seconds>-<round>", and edges take ids of 64 characters.
    if (pop.name.size() > kMaxPopName)
      return std::unexpected(
          config_error(file, where + ".name", pop.name,
                       "longer than " + std::to_string(kMaxPopName) + " characters"));
    if (pop.regions.empty())
      return std::unexpected(config_error(file, where + ".regions", "", "no region"));
    for (const std::string& region : pop.regions) {
      if (!is_valid_name(region))
        return std::unexpected(config_error(file, where + ".regions", region, "not a name"));
    }
    if (pop.edges.empty())
      return std::unexpected(config_error(file, where + ".edges", "", "no edge"));
    for (const std::string& edge : pop.edges) {
      if (auto parsed = core::client::parse_origin_url(edge); !parsed)
        return std::unexpected(config_error(file, where + ".edges", edge, parsed.error()));
    }
    if (pop.budget.bytes == 0)
      return std::unexpected(config_error(file, where + ".budget_bytes", "", "missing"));
    if (pop.budget.objects == 0)
      return std::unexpected(config_error(file, where + ".budget_objects", "", "missing"));
  }
  return {};
}

std::expected<void, std::string> validate(ControlConfig& config) {
  const std::string& file = config.pops_file;
  if (config.origin.empty())
    return std::unexpected("--origin: missing (or origin in " + file + ")");
  if (config.interval < std::chrono::milliseconds(100))
    return std::unexpected(config_error(
        "", "interval", std::to_string(config.interval.count()) + "ms", "must be at least 100ms"));
  if (config.leader_ttl.count() == 0) config.leader_ttl = config.interval * 3 / 2;
  if (config.leader_ttl <= config.interval / 2)
    return std::unexpected(config_error("", "leader_ttl",
                                        std::to_string(config.leader_ttl.count()) + "ms",
                                        "must be more than half the interval"));
  // An edge refuses shorter secrets; the same bound here finds the mistake at start.
  if (!config.admin_secret.empty() && config.admin_secret.size() < 16)
    return std::unexpected(config_error("", "admin_secret", "", "shorter than 16 characters"));
  if (config.id.empty()) config.id = default_id();
  if (!is_valid_name(config.id))
    return std::unexpected(config_error("", "id", config.id, "not a name"));
  return validate_pops(config);
}

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

const PopConfig* ControlConfig::find_pop(std::string_view name) const {
  for (const PopConfig& pop : pops) {
    if (pop.name == name) return &pop;
  }
  return nullptr;
}

std::expected<ControlConfig, std::string> build_config(const Invocation& invocation) {
  ControlConfig config;
  if (invocation.pops_file.empty()) return std::unexpected("--pops: missing (the PoPs' TOML file)");
  config.pops_file = invocation.pops_file;
  if (auto loaded = load_file(invocation.pops_file, config); !loaded)
    return std::unexpected(loaded.error());
  for (const auto& [flag, text] : invocation.flags) {
    if (auto set = apply_setting(config, key_of(flag), text); !set)
      return std::unexpected(config_error("", flag, text, set.error()));
  }
  if (auto valid = validate(config); !valid) return std::unexpected(valid.error());
  return config;
}

}  // namespace control::config
