// Origin URLs as the edge's configuration names them: "http://IP:port". Parsed once when a
// client is created, so nothing on the loop ever resolves a name.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace core::client {

struct OriginAddress {
  sockaddr_storage address{};  // ready for connect()
  socklen_t address_size = 0;
  std::string authority;  // "127.0.0.1:8080", "[::1]:8080": Host and metric label
};

// Accepts "http://" followed by an IPv4 literal, a bracketed IPv6 literal or "localhost"
// (taken as 127.0.0.1 without asking a resolver), an optional ":port" (default 80) and an
// optional "/". Anything else (other schemes, names, paths, user info) is an error whose
// text says what is wrong.
std::expected<OriginAddress, std::string> parse_origin_url(std::string_view url);

}  // namespace core::client
