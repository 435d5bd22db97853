// The peers whose X-Forwarded-For the edge believes: IP addresses and CIDR blocks, IPv4 and
// IPv6 (an IPv4-mapped IPv6 peer matches the IPv4 blocks).
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edge::proxy {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "10.0.0.0/8", "192.168.1.7", "fd00::/8"; the error names the bad entry.
  static std::expected<TrustedProxies, std::string> parse(std::span<const std::string> entries);

  // `ip` without port, as peer_ip() returns it.
  bool contains(std::string_view ip) const;
  bool empty() const { return blocks_.empty(); }

 private:
  struct Block {
    bool v6 = false;
    std::array<uint8_t, 16> bytes{};
    int prefix_bits = 0;
  };
  std::vector<Block> blocks_;
};

// The address part of a peer as core::http::Request::peer holds it: "1.2.3.4:5" -> "1.2.3.4",
// "[::1]:5" -> "::1"; the text unchanged when it has no port.
std::string_view peer_ip(std::string_view peer);

}  // namespace edge::proxy
