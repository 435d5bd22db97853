// Listening sockets: literal addresses only (no name lookups on the way to the event loops).
#include "core/server/listen_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace core::server {
namespace {

std::expected<uint16_t, std::string> parse_port(std::string_view digits, std::string_view text) {
  unsigned value = 0;
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || ec != std::errc() || ptr != end || value > 65535) {
    return std::unexpected("bad port in listen address '" + std::string(text) + "'");
  }
  return static_cast<uint16_t>(value);
}

std::string system_error(std::string_view what, std::string_view text, int error) {
  return std::string(what) + " " + std::string(text) + ": " + std::strerror(error);
}

}  // namespace

std::expected<SocketAddress, std::string> parse_listen_address(std::string_view text) {
  const std::string bad =
      "bad listen address '" + std::string(text) + "' (want IPv4 a.b.c.d:port or [IPv6]:port)";
  SocketAddress out;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::unexpected(bad);
    }
    const auto port = parse_port(text.substr(close + 2), text);
    if (!port) return std::unexpected(port.error());
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(*port);
    const std::string host(text.substr(1, close - 1));
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) != 1) return std::unexpected(bad);
    out.size = sizeof(sockaddr_in6);
    return out;
  }
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::unexpected(bad);
  const auto port = parse_port(text.substr(colon + 1), text);
  if (!port) return std::unexpected(port.error());
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
  v4->sin_family = AF_INET;
  v4->sin_port = htons(*port);
  const std::string host(text.substr(0, colon));
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) != 1) return std::unexpected(bad);
  out.size = sizeof(sockaddr_in);
  return out;
}

SocketAddress with_port(SocketAddress address, uint16_t port) {
  if (address.storage.ss_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&address.storage)->sin6_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in*>(&address.storage)->sin_port = htons(port);
  }
  return address;
}

std::expected<base::UniqueFd, std::string> open_listen_socket(const SocketAddress& address,
                                                              std::string_view text) {
  const int family = address.storage.ss_family;
  base::UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return std::unexpected(system_error("cannot create a socket for", text, errno));
  const int on = 1;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
      ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0 ||
      (family == AF_INET6 &&
       ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) != 0)) {
    return std::unexpected(system_error("cannot set socket options for", text, errno));
  }
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage), address.size) != 0) {
    return std::unexpected(system_error("cannot bind", text, errno));
  }
  if (::listen(fd.get(), SOMAXCONN) != 0) {
    return std::unexpected(system_error("cannot listen on", text, errno));
  }
  return fd;
}

uint16_t bound_port(int fd) {
  sockaddr_storage storage{};
  socklen_t size = sizeof(storage);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &size) != 0) return 0;
  if (storage.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
  }
  if (storage.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
  }
  return 0;
}

std::string format_peer(const sockaddr* address) {
  char host[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    if (inet_ntop(AF_INET, &v4->sin_addr, host, sizeof(host)) == nullptr) return {};
    return std::string(host) + ":" + std::to_string(ntohs(v4->sin_port));
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    if (inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof(host)) == nullptr) return {};
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(v6->sin6_port));
  }
  return {};
}

}  // namespace core::server
