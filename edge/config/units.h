// Sizes ("10G", "512M", "4096") and durations ("10s", "500ms", "2m") as configuration values.
// Kept in edge/config while it is the only user; it moves to a core module when another
// binary needs it.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace edge::config {

// Bytes: digits with an optional binary unit K, M, G, T (x1024), optionally followed by "B"
// or "iB" ("512M", "512MiB", "10G", "4096", "64KB"). The error says why it is not a size.
std::expected<uint64_t, std::string> parse_size(std::string_view text);

// A duration: digits with an optional fraction and a unit ms, s, m or h ("500ms", "1.5s",
// "2m"); "0" needs no unit. Rounded down to whole milliseconds.
std::expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);

}  // namespace edge::config
