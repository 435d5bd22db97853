// build_config: defaults, then the file, then the flags, then the checks across settings.
// Also ConfigError's message and the server part of the configuration.
#include <algorithm>
#include <thread>

#include "edge/config/config_file.h"
#include "edge/config/edge_config.h"
#include "edge/config/settings.h"
#include "edge/config/validate.h"

namespace edge::config {
namespace {

EdgeConfig defaults() {
  EdgeConfig config;
  config.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return config;
}

std::expected<void, ConfigError> apply_flags(const std::vector<FlagValue>& flags,
                                             EdgeConfig& config) {
  // --cert and --key given on the command line replace the file's pairs as a whole.
  std::vector<std::string> certs;
  std::vector<std::string> keys;
  for (const FlagValue& flag : flags) {
    if (flag.flag == kCertFlag) {
      certs.push_back(flag.text);
      continue;
    }
    if (flag.flag == kKeyFlag) {
      keys.push_back(flag.text);
      continue;
    }
    const Setting* setting = find_setting_by_flag(flag.flag);
    if (setting == nullptr)
      return std::unexpected(ConfigError{flag.flag, flag.text, "unknown flag", ""});
    auto value = parse_value(*setting, flag.text);
    if (!value) return std::unexpected(ConfigError{flag.flag, flag.text, value.error(), ""});
    setting->apply(config, *value);
  }
  if (certs.size() != keys.size()) {
    const char* where = certs.size() > keys.size() ? "--key" : "--cert";
    return std::unexpected(ConfigError{where, "", "--cert and --key must be given in pairs", ""});
  }
  if (!certs.empty()) {
    config.tls.certificates.clear();
    for (size_t i = 0; i < certs.size(); ++i) {
      config.tls.certificates.push_back({certs[i], keys[i]});
    }
  }
  return {};
}

}  // namespace

std::expected<EdgeConfig, ConfigError> build_config(const Invocation& invocation) {
  EdgeConfig config = defaults();
  config.config_file = invocation.config_file;
  if (!invocation.config_file.empty()) {
    if (auto loaded = apply_file(invocation.config_file, config); !loaded) {
      return std::unexpected(loaded.error());
    }
  }
  if (auto applied = apply_flags(invocation.flags, config); !applied) {
    return std::unexpected(applied.error());
  }
  // With no listener at all, edged listens where DESIGN.md's examples expect it.
  if (config.listen.empty() && config.tls.listen.empty()) config.listen = {"127.0.0.1:8081"};
  if (auto valid = validate(config); !valid) {
    ConfigError error = valid.error();
    name_source(error, invocation);
    return std::unexpected(error);
  }
  return config;
}

std::string ConfigError::message() const {
  std::string out;
  if (!file.empty() && file != where) out += file + ": ";
  out += where;
  if (!value.empty()) out += " = \"" + value + "\"";
  out += ": " + reason;
  return out;
}

core::server::ServerConfig EdgeConfig::server_config() const {
  core::server::ServerConfig server;
  for (const std::string& address : listen)
    server.listeners.push_back({address, false});
  for (const std::string& address : tls.listen)
    server.listeners.push_back({address, true});
  server.workers = workers;
  server.limits = limits;
  server.timeouts = timeouts;
  server.server_name = server_name;
  return server;
}

}  // namespace edge::config
