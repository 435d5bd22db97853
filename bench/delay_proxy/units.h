// The values of delayproxy's flags: durations to the microsecond (an RTT of 15ms is 7.5ms each
// way), link rates in bits per second with decimal units as networks count them, and buffer
// sizes in bytes with binary units as memory is counted.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace bench::delay_proxy {

// Digits with an optional fraction and a unit us, ms or s ("250us", "7.5ms", "1s"); "0" needs
// no unit. Rounded down to whole microseconds; at most an hour.
std::expected<std::chrono::microseconds, std::string> parse_duration(std::string_view text);

// A rate in bits per second: digits with an optional fraction and an optional unit k, M or G
// (x1000): "500k", "2.5M", "1G". "0" means unlimited; otherwise at least 8 (a byte a second).
// The answer is in bytes per second, rounded down.
std::expected<uint64_t, std::string> parse_rate(std::string_view text);

// Bytes: digits with an optional fraction and an optional unit K, M or G (x1024): "64K",
// "1M", "1.5M". At least one byte.
std::expected<uint64_t, std::string> parse_size(std::string_view text);

// A whole number in 1..max.
std::expected<uint64_t, std::string> parse_count(std::string_view text, uint64_t max);

}  // namespace bench::delay_proxy
