// Common Media Client Data (CTA-5004): the keys a player reports with each request, either in
// the `CMCD` query parameter (percent-encoded) or in the CMCD-Request, CMCD-Object,
// CMCD-Status and CMCD-Session headers, each a comma-separated list of key[=value].
// The edge only reads them (access log, later cache decisions); it never trusts them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/http/message.h"

namespace edge::proxy {

struct CmcdValue {
  enum class Type : uint8_t {
    kBoolean,  // a key without a value: true (false is sent by leaving the key out)
    kInteger,  // "br=3200", "bl=-1"
    kDecimal,  // "pr=1.25"
    kString,   // "sid=\"6e2fb550\"": `text` without the quotes, escapes resolved
    kToken,    // "ot=v", "sf=h"
  };
  Type type = Type::kBoolean;
  std::string text;  // "true" for booleans
  bool operator==(const CmcdValue&) const = default;
};

using CmcdKeys = std::map<std::string, CmcdValue, std::less<>>;

// Bounds for untrusted input: further keys, and keys or values beyond these sizes, are
// skipped, as are entries that do not parse.
inline constexpr size_t kMaxCmcdKeys = 64;
inline constexpr size_t kMaxCmcdKeySize = 64;
inline constexpr size_t kMaxCmcdValueSize = 1024;

// Adds the entries of one CMCD list ("br=3200,bs,ot=v,sid=\"a,b\"") to `keys`; a key seen
// again replaces the earlier value.
void parse_cmcd_list(std::string_view text, CmcdKeys& keys);

// The value of the `CMCD` parameter of a query string, percent-decoded; empty when absent.
std::string cmcd_query_value(std::string_view query);

// The CMCD keys of a request: the four headers, then the query parameter (which wins on a
// key both carry).
CmcdKeys parse_cmcd(const core::http::Request& request);

}  // namespace edge::proxy
