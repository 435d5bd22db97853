#include "bench/delay_proxy/listener_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace bench::delay_proxy {

std::expected<core::base::UniqueFd, std::string> bind_listener(
    const core::server::SocketAddress& address, std::string_view text) {
  const auto failed = [text](std::string_view what) {
    return std::unexpected(std::string(what) + " " + std::string(text) + ": " +
                           std::strerror(errno));
  };
  const int family = address.storage.ss_family;
  core::base::UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return failed("cannot create a socket for");
  // SO_REUSEADDR only lets a restart bind past connections in TIME_WAIT.
  const int on = 1;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
      (family == AF_INET6 &&
       ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) != 0))
    return failed("cannot set socket options for");
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage), address.size) != 0)
    return failed("cannot bind");
  if (::listen(fd.get(), SOMAXCONN) != 0) return failed("cannot listen on");
  return fd;
}

}  // namespace bench::delay_proxy
