// Checks on values' meaning and across settings, after the file and flags are applied.
#include "edge/config/validate.h"

#include <arpa/inet.h>

#include <charconv>
#include <string>

#include "core/client/origin_url.h"
#include "edge/config/settings.h"

namespace edge::config {
namespace {

bool parse_port(std::string_view text, bool allow_zero) {
  unsigned port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  return !text.empty() && error == std::errc() && end == text.data() + text.size() &&
         port <= 65535 && (allow_zero || port > 0);
}

bool is_ipv4(std::string_view text) {
  in_addr address{};
  return inet_pton(AF_INET, std::string(text).c_str(), &address) == 1;
}

bool is_ipv6(std::string_view text) {
  in6_addr address{};
  return inet_pton(AF_INET6, std::string(text).c_str(), &address) == 1;
}

// Host and port of "host:port" or "[v6]:port"; false when the shape is wrong.
bool split_host_port(std::string_view text, std::string_view& host, std::string_view& port) {
  if (text.starts_with('[')) {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return false;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    return is_ipv6(host);
  }
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return false;
  host = text.substr(0, colon);
  port = text.substr(colon + 1);
  return true;
}

bool is_prefix(std::string_view prefix) {
  if (prefix.size() < 2 || !prefix.starts_with('/') || !prefix.ends_with('/')) return false;
  if (prefix.find("//") != std::string_view::npos) return false;
  // No dot segments and nothing a path-safety check would refuse in a request.
  if (prefix.find("/./") != std::string_view::npos ||
      prefix.find("/../") != std::string_view::npos) {
    return false;
  }
  for (char c : prefix) {
    if (c <= ' ' || c == '%' || c == '?' || c == '#' || c == '\\' || c == 0x7f) return false;
  }
  return true;
}

ConfigError error(std::string_view key, std::string value, std::string reason) {
  return ConfigError{std::string(key), std::move(value), std::move(reason), ""};
}

}  // namespace

bool is_listen_address(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (!split_host_port(text, host, port)) return false;
  return (text.starts_with('[') || is_ipv4(host)) && parse_port(port, true);
}

bool is_address_or_cidr(std::string_view text) {
  size_t slash = text.find('/');
  std::string_view address = text.substr(0, slash);
  bool v4 = is_ipv4(address);
  if (!v4 && !is_ipv6(address)) return false;
  if (slash == std::string_view::npos) return true;
  std::string_view bits = text.substr(slash + 1);
  unsigned n = 0;
  auto [end, err] = std::from_chars(bits.data(), bits.data() + bits.size(), n);
  return !bits.empty() && err == std::errc() && end == bits.data() + bits.size() &&
         n <= (v4 ? 32u : 128u);
}

std::expected<void, ConfigError> validate(const EdgeConfig& config) {
  for (const std::string& address : config.listen) {
    if (!is_listen_address(address)) {
      return std::unexpected(error("server.listen", address, "not IP:PORT or [IPv6]:PORT"));
    }
  }
  for (const std::string& address : config.tls.listen) {
    if (!is_listen_address(address)) {
      return std::unexpected(error("tls.listen", address, "not IP:PORT or [IPv6]:PORT"));
    }
  }
  if (!config.tls.listen.empty() && config.tls.certificates.empty()) {
    return std::unexpected(
        error(kCertificatesKey, "", "TLS listeners need a certificate and key (--cert, --key)"));
  }
  if (config.origin.urls.empty()) {
    return std::unexpected(error("origin.urls", "", "at least one origin is required"));
  }
  for (const std::string& url : config.origin.urls) {
    // The client's own parser, so that what passes here is what the workers can use.
    if (auto parsed = core::client::parse_origin_url(url); !parsed) {
      return std::unexpected(error("origin.urls", url, parsed.error()));
    }
  }
  if (config.prefixes.empty()) {
    return std::unexpected(error("proxy.prefixes", "", "at least one prefix is required"));
  }
  for (const std::string& prefix : config.prefixes) {
    if (!is_prefix(prefix)) {
      return std::unexpected(
          error("proxy.prefixes", prefix, "not a path prefix starting and ending with /"));
    }
  }
  for (const std::string& peer : config.trusted_proxies) {
    if (!is_address_or_cidr(peer)) {
      return std::unexpected(error("proxy.trusted_proxies", peer, "not an IP address or CIDR"));
    }
  }
  if (!config.admin_secret.empty() && config.admin_secret.size() < 16) {
    // The value is a secret: never echo it into an error message or a log.
    return std::unexpected(error("admin.secret", "", "shorter than 16 characters"));
  }
  if (config.pop.empty()) return std::unexpected(error("pop", "", "must not be empty"));
  return validate_geo(config.geo, config.pop);
}

void name_source(ConfigError& error, const Invocation& invocation) {
  const Setting* setting = find_setting_by_key(error.where);
  std::string_view flag = setting != nullptr                ? setting->flag
                          : error.where == kCertificatesKey ? kCertFlag
                                                            : std::string_view();
  for (const FlagValue& given : invocation.flags) {
    if (!flag.empty() && given.flag == flag) {
      error.where = std::string(flag);
      return;
    }
  }
  if (!invocation.config_file.empty()) {
    error.file = invocation.config_file;
  } else if (!flag.empty()) {
    error.where = std::string(flag);  // a default that needs a flag (--origin)
  }
}

}  // namespace edge::config
