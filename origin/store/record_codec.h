// Records as JSON in LMDB values: readable with mdb_dump, and a field added later reads as
// its default in old records.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "origin/store/records.h"

namespace origin::store {

std::string encode(const Video& video);
std::string encode(const Upload& upload);
std::string encode(const Creator& creator);
std::string encode(const Job& job);

// nullopt when `bytes` is not a record of that kind.
std::optional<Video> decode_video(std::string_view bytes);
std::optional<Upload> decode_upload(std::string_view bytes);
std::optional<Creator> decode_creator(std::string_view bytes);
std::optional<Job> decode_job(std::string_view bytes);

}  // namespace origin::store
