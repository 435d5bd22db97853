// The SHA-256 of a file, read in blocks: an upload's checksum against what the client claims.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace origin::api {

// Lowercase hex digest of the file's bytes. Blocking.
std::expected<std::string, std::string> sha256_file(const std::filesystem::path& path);

}  // namespace origin::api
