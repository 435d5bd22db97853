// Ids of videos and uploads: short, URL-safe and unguessable, so that one id says nothing
// about the others.
#pragma once

#include <string>
#include <string_view>

namespace origin::store {

inline constexpr size_t kIdLength = 11;

// 11 base62 characters (about 65 bits) from the kernel's CSPRNG.
std::string new_id();
// Whether `text` has the shape of an id this store hands out.
bool is_valid_id(std::string_view text);

}  // namespace origin::store
