// A Redis reply as a plain value, copied out of hiredis's reply tree so it can outlive the
// callback that delivered it, and the command type that builds one request.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct redisReply;

namespace core::redis {

struct Reply {
  enum class Type : uint8_t { kNil, kString, kStatus, kError, kInteger, kArray };
  Type type = Type::kNil;
  std::string text;  // kString, kStatus, kError
  int64_t integer = 0;
  std::vector<Reply> elements;  // kArray

  bool is_error() const { return type == Type::kError; }
  bool is_nil() const { return type == Type::kNil; }
  // The integer of an integer reply, or of a string reply holding a decimal integer.
  std::optional<int64_t> as_integer() const;
  // The number of a string reply (ZSCORE, HGET of a float), or of an integer reply.
  std::optional<double> as_double() const;

  static Reply from(const redisReply& reply);
};

// One command: its arguments, binary-safe.
using Command = std::vector<std::string>;

// Whether the replies to one MULTI ... EXEC say every command of it was applied: no refusal
// while queueing, and no error among EXEC's replies.
bool transaction_applied(std::span<const Reply> replies);

// A TCP endpoint written "redis://[[user]:password@]host[:port][/db]".
struct Endpoint {
  std::string host = "127.0.0.1";
  uint16_t port = 6379;
  std::string password;
  int db = 0;
};
std::optional<Endpoint> parse_endpoint(std::string_view url);
std::string to_string(const Endpoint& endpoint);  // the URL without the password

}  // namespace core::redis
