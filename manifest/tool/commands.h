// The commands of the m3u8 tool, each a function from its arguments to an exit status, so
// that main() only parses the command line.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace manifest::tool {

// Exit statuses shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;  // the playlist is invalid or does not parse
inline constexpr int kExitUsage = 2;    // bad arguments, or a file that cannot be read

// The whole content of `path` ("-" is standard input), or a message on why it cannot be
// read. Refuses content over `max_bytes` without reading more than max_bytes + 64 KiB.
std::expected<std::string, std::string> read_input(const std::string& path, size_t max_bytes);

// How diagnostics name the input: the path, or "<stdin>" for "-".
std::string display_name(std::string_view path);

// m3u8 check FILE: every violation on stderr as FILE:LINE: <rule-id>: <message>.
int run_check(const std::string& path);
// m3u8 fmt FILE: the canonical form on stdout.
int run_fmt(const std::string& path);
// m3u8 first-segments FILE N: what pre-warming fetches, one URI a line, init sections first,
// each followed by " bytes=START-END" (inclusive) when a byte range applies.
int run_first_segments(const std::string& path, size_t count);

}  // namespace manifest::tool
