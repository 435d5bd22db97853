// parse_origin_url: IP literals only, so that the event loop never waits for DNS.
#include "core/client/origin_url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace core::client {
namespace {

constexpr std::string_view kScheme = "http://";
constexpr uint16_t kDefaultPort = 80;

std::expected<uint16_t, std::string> parse_port(std::string_view text) {
  if (text.empty()) return std::unexpected("empty port");
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
    return std::unexpected("bad port \"" + std::string(text) + "\"");
  }
  return static_cast<uint16_t>(value);
}

}  // namespace

std::expected<OriginAddress, std::string> parse_origin_url(std::string_view url) {
  if (!url.starts_with(kScheme)) return std::unexpected("origin URL must start with http://");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find_first_of("/?#@") != std::string_view::npos) {
    return std::unexpected("origin URL must be http://host:port without path or user info");
  }
  std::string_view host;
  std::string_view port_text;
  bool ipv6 = false;
  if (rest.starts_with('[')) {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::unexpected("unterminated IPv6 literal");
    host = rest.substr(1, close - 1);
    ipv6 = true;
    rest.remove_prefix(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::unexpected("junk after IPv6 literal");
    if (!rest.empty()) port_text = rest.substr(1);
  } else {
    const size_t colon = rest.find(':');
    host = rest.substr(0, colon);
    if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
  }
  if (host.empty()) return std::unexpected("origin URL without a host");
  uint16_t port = kDefaultPort;
  if (!port_text.empty() || rest.ends_with(':')) {
    auto parsed = parse_port(port_text);
    if (!parsed) return std::unexpected(parsed.error());
    port = *parsed;
  }

  OriginAddress out;
  const std::string host_text = host == "localhost" ? "127.0.0.1" : std::string(host);
  if (ipv6) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(port);
    if (inet_pton(AF_INET6, host_text.c_str(), &sa.sin6_addr) != 1) {
      return std::unexpected("bad IPv6 address \"" + host_text + "\"");
    }
    std::memcpy(&out.address, &sa, sizeof(sa));
    out.address_size = sizeof(sa);
    out.authority = "[" + host_text + "]:" + std::to_string(port);
  } else {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (inet_pton(AF_INET, host_text.c_str(), &sa.sin_addr) != 1) {
      return std::unexpected("origin host must be an IP address or localhost, not \"" + host_text +
                             "\"");
    }
    std::memcpy(&out.address, &sa, sizeof(sa));
    out.address_size = sizeof(sa);
    out.authority = host_text + ":" + std::to_string(port);
  }
  return out;
}

}  // namespace core::client
