// A file's bytes copied into an anonymous, sealed memory file. libmaxminddb maps its file;
// mapping the operator's file itself would let a truncate or an in-place rewrite of it raise
// SIGBUS or feed changed bytes to lookups in flight. The copy is reachable by no path, and
// its seals forbid any change, even from this process.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "core/base/unique_handle.h"

namespace edge::geo {

// Larger files are refused: GeoLite2-City, the largest common database, is under 100 MiB.
inline constexpr uint64_t kMaxDatabaseBytes = uint64_t{1} << 30;

// The copy of the regular file at `path`. An error names the reason: missing, not a regular
// file, empty, too large, unreadable, or changed while it was being copied.
std::expected<core::base::UniqueFd, std::string> copy_to_sealed_memory(const std::string& path);

// A path that opens the same file as `fd` does (/proc/self/fd/N), for libraries that take a
// path only. Valid while `fd` is open.
std::string path_of_descriptor(int fd);

}  // namespace edge::geo
