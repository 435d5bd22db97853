// A list of video ids, one a line (blank lines skipped), for naming videos by id.
#pragma once

#include <expected>
#include <string>
#include <vector>

namespace swipebench::gen {

// The ids of `path` in order; an error names the line of a value that is not a video id, or an
// id listed twice.
std::expected<std::vector<std::string>, std::string> read_id_list(const std::string& path);

}  // namespace swipebench::gen
