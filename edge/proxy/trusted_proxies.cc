// TrustedProxies: addresses compared as bytes under a prefix mask.
#include "edge/proxy/trusted_proxies.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <optional>

namespace edge::proxy {
namespace {

struct Address {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
};

// IPv4-mapped IPv6 (::ffff:a.b.c.d) is taken as the IPv4 address it carries.
std::optional<Address> parse_address(std::string_view text) {
  const std::string s(text);
  Address out;
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    std::memcpy(out.bytes.data(), &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(&v6, kMapped, sizeof(kMapped)) == 0) {
    std::memcpy(out.bytes.data(), reinterpret_cast<const uint8_t*>(&v6) + 12, 4);
    return out;
  }
  out.v6 = true;
  std::memcpy(out.bytes.data(), &v6, 16);
  return out;
}

bool prefix_matches(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, int bits) {
  const int whole = bits / 8;
  if (std::memcmp(a.data(), b.data(), static_cast<size_t>(whole)) != 0) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[static_cast<size_t>(whole)] & mask) == (b[static_cast<size_t>(whole)] & mask);
}

}  // namespace

std::expected<TrustedProxies, std::string> TrustedProxies::parse(
    std::span<const std::string> entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    const std::string_view text = entry;
    const size_t slash = text.find('/');
    const auto address = parse_address(text.substr(0, slash));
    if (!address) return std::unexpected("not an IP address or CIDR block: \"" + entry + "\"");
    Block block;
    block.v6 = address->v6;
    block.bytes = address->bytes;
    const int max_bits = block.v6 ? 128 : 32;
    block.prefix_bits = max_bits;
    if (slash != std::string_view::npos) {
      const std::string_view bits = text.substr(slash + 1);
      int value = -1;
      const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
      if (ec != std::errc() || end != bits.data() + bits.size() || value < 0 || value > max_bits) {
        return std::unexpected("bad prefix length in \"" + entry + "\"");
      }
      block.prefix_bits = value;
    }
    out.blocks_.push_back(block);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view ip) const {
  const auto address = parse_address(ip);
  if (!address) return false;
  for (const Block& block : blocks_) {
    if (block.v6 == address->v6 && prefix_matches(block.bytes, address->bytes, block.prefix_bits)) {
      return true;
    }
  }
  return false;
}

std::string_view peer_ip(std::string_view peer) {
  if (peer.starts_with('[')) {
    const size_t close = peer.find(']');
    return close == std::string_view::npos ? peer : peer.substr(1, close - 1);
  }
  const size_t colon = peer.find(':');
  // More than one colon without brackets: a bare IPv6 address, no port.
  if (colon == std::string_view::npos || peer.find(':', colon + 1) != std::string_view::npos) {
    return peer;
  }
  return peer.substr(0, colon);
}

}  // namespace edge::proxy
