// Writing the outputs: each file appears whole (written beside its name, then renamed).
#pragma once

#include <expected>
#include <filesystem>
#include <string_view>

#include "origin/transcode/transcode.h"

namespace origin::transcode {

std::expected<void, TranscodeError> write_file(const std::filesystem::path& path,
                                               std::string_view bytes);

}  // namespace origin::transcode
