// Reply conversion out of hiredis, number readings and the redis:// URL.
#include "core/redis/reply.h"

#include <hiredis/hiredis.h>

#include <charconv>

namespace core::redis {

std::optional<int64_t> Reply::as_integer() const {
  if (type == Type::kInteger) return integer;
  if (type != Type::kString) return std::nullopt;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> Reply::as_double() const {
  if (type == Type::kInteger) return static_cast<double>(integer);
  if (type != Type::kString) return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Reply Reply::from(const redisReply& reply) {
  Reply out;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      out.type = Type::kString;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Type::kStatus;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Type::kError;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Type::kInteger;
      out.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Type::kArray;
      out.elements.reserve(reply.elements);
      for (size_t i = 0; i < reply.elements; ++i)
        out.elements.push_back(from(*reply.element[i]));
      break;
    default:
      break;
  }
  return out;
}

std::optional<Endpoint> parse_endpoint(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  Endpoint endpoint;
  if (auto slash = url.find('/'); slash != std::string_view::npos) {
    std::string_view db = url.substr(slash + 1);
    url = url.substr(0, slash);
    if (!db.empty()) {
      auto [end, error] = std::from_chars(db.data(), db.data() + db.size(), endpoint.db);
      if (error != std::errc() || end != db.data() + db.size() || endpoint.db < 0)
        return std::nullopt;
    }
  }
  if (auto at = url.rfind('@'); at != std::string_view::npos) {
    std::string_view credentials = url.substr(0, at);
    url = url.substr(at + 1);
    // Redis 5 and older have no user names: "user:password" and ":password" both mean the
    // password alone.
    auto colon = credentials.find(':');
    endpoint.password =
        colon == std::string_view::npos ? credentials : credentials.substr(colon + 1);
  }
  std::string_view host = url;
  if (auto colon = url.rfind(':'); colon != std::string_view::npos && !url.ends_with(']')) {
    host = url.substr(0, colon);
    std::string_view port = url.substr(colon + 1);
    unsigned value = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      return std::nullopt;
    endpoint.port = static_cast<uint16_t>(value);
  }
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  if (host.empty()) return std::nullopt;
  endpoint.host = host;
  return endpoint;
}

std::string to_string(const Endpoint& endpoint) {
  bool v6 = endpoint.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + endpoint.host + "]" : endpoint.host;
  return "redis://" + host + ":" + std::to_string(endpoint.port) + "/" +
         std::to_string(endpoint.db);
}

bool transaction_applied(std::span<const Reply> replies) {
  if (replies.empty() || replies.back().type != Reply::Type::kArray) return false;
  for (const Reply& reply : replies) {
    if (reply.is_error()) return false;
  }
  for (const Reply& reply : replies.back().elements) {
    if (reply.is_error()) return false;
  }
  return true;
}

}  // namespace core::redis
