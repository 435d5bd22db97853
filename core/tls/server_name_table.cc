// Exact and one-label wildcard lookups of SNI host names.
#include "core/tls/server_name_table.h"

namespace core::tls {

std::string normalize_dns_name(std::string_view name) {
  if (name.ends_with('.')) name.remove_suffix(1);
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

void ServerNameTable::add(std::size_t index, const std::vector<std::string>& names) {
  for (const std::string& raw : names) {
    const std::string name = normalize_dns_name(raw);
    if (name.empty()) continue;
    if (name.starts_with("*.")) {
      std::string suffix = name.substr(2);
      if (suffix.empty() || suffix.find('*') != std::string::npos) continue;
      wildcard_.try_emplace(std::move(suffix), index);
    } else if (name.find('*') == std::string::npos) {
      exact_.try_emplace(name, index);
    }
  }
}

std::optional<std::size_t> ServerNameTable::find(std::string_view host) const {
  const std::string name = normalize_dns_name(host);
  if (name.empty()) return std::nullopt;
  if (const auto it = exact_.find(name); it != exact_.end()) return it->second;
  const std::size_t dot = name.find('.');
  // The label a wildcard replaces must not be empty (".pop.test" is no host name).
  if (dot == 0 || dot == std::string::npos) return std::nullopt;
  if (const auto it = wildcard_.find(name.substr(dot + 1)); it != wildcard_.end()) {
    return it->second;
  }
  return std::nullopt;
}

}  // namespace core::tls
