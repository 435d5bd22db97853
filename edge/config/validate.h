// Internal to edge/config: the checks that look at a value's meaning (addresses, URLs,
// prefixes) or at several settings together.
#pragma once

#include <expected>
#include <string_view>

#include "edge/config/edge_config.h"

namespace edge::config {

// The first problem of `config`, named by TOML key ("origin.urls") with the offending item.
std::expected<void, ConfigError> validate(const EdgeConfig& config);

// The [geo] settings of the PoP named `local_pop`; part of validate().
std::expected<void, ConfigError> validate_geo(const GeoSettings& geo, std::string_view local_pop);

// An error found by validate() names the key; this names the flag instead when the value
// came from the command line, or the file when it came from there.
void name_source(ConfigError& error, const Invocation& invocation);

// "127.0.0.1:8081", "[::1]:0", "0.0.0.0:443": an IP literal and a port.
bool is_listen_address(std::string_view text);
// "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8".
bool is_address_or_cidr(std::string_view text);

}  // namespace edge::config
