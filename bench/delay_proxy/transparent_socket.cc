#include "bench/delay_proxy/transparent_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>
// After netinet/in.h, whose definitions the kernel headers then leave alone.
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include <cerrno>
#include <cstring>

namespace bench::delay_proxy {
namespace {

std::expected<core::server::SocketAddress, int> local_address(int fd) {
  core::server::SocketAddress address;
  address.size = sizeof(address.storage);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address.storage), &address.size) != 0)
    return std::unexpected(errno);
  return address;
}

bool same_endpoint(const core::server::SocketAddress& a, const core::server::SocketAddress& b) {
  if (a.storage.ss_family != b.storage.ss_family) return false;
  if (a.storage.ss_family == AF_INET) {
    const auto& x = reinterpret_cast<const sockaddr_in&>(a.storage);
    const auto& y = reinterpret_cast<const sockaddr_in&>(b.storage);
    return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
  }
  const auto& x = reinterpret_cast<const sockaddr_in6&>(a.storage);
  const auto& y = reinterpret_cast<const sockaddr_in6&>(b.storage);
  return x.sin6_port == y.sin6_port &&
         std::memcmp(&x.sin6_addr, &y.sin6_addr, sizeof(x.sin6_addr)) == 0;
}

}  // namespace

std::expected<core::server::SocketAddress, int> original_destination(int client) {
  auto local = local_address(client);
  if (!local) return std::unexpected(local.error());
  core::server::SocketAddress original;
  original.size = sizeof(original.storage);
  const bool ipv6 = local->storage.ss_family == AF_INET6;
  // Both options answer the address as the conntrack entry's reply direction names it.
  const int read =
      ipv6 ? ::getsockopt(client, SOL_IPV6, IP6T_SO_ORIGINAL_DST, &original.storage, &original.size)
           : ::getsockopt(client, SOL_IP, SO_ORIGINAL_DST, &original.storage, &original.size);
  if (read != 0) return std::unexpected(errno);
  if (same_endpoint(original, *local)) return std::unexpected(ELOOP);
  return original;
}

std::expected<void, int> bind_to_client_address(int target, int client) {
  core::server::SocketAddress source;
  source.size = sizeof(source.storage);
  if (::getpeername(client, reinterpret_cast<sockaddr*>(&source.storage), &source.size) != 0)
    return std::unexpected(errno);
  source = core::server::with_port(source, 0);
  // Without it bind() would pick the port alone, unaware of the destination, and a busy route
  // would run out of ports long before four-tuples.
  const int on = 1;
  if (::setsockopt(target, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof(on)) != 0 ||
      ::bind(target, reinterpret_cast<const sockaddr*>(&source.storage), source.size) != 0)
    return std::unexpected(errno);
  return {};
}

std::expected<void, int> set_mark(int fd, uint32_t mark) {
  if (::setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) != 0)
    return std::unexpected(errno);
  return {};
}

}  // namespace bench::delay_proxy
