// The text form of held entries; anything unreadable is dropped, never believed.
#include "control/state/held_entries.h"

#include <charconv>

namespace control::state {
namespace {

bool parse_int(std::string_view text, int64_t& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string encode_held(int segments, int64_t expires_at) {
  return std::to_string(segments) + " " + std::to_string(expires_at);
}

HeldFields decode_held(const std::map<std::string, std::string>& fields, int64_t now) {
  HeldFields out;
  for (const auto& [field, value] : fields) {
    const std::string_view text = value;
    const size_t space = text.find(' ');
    int64_t segments = 0;
    int64_t expires_at = 0;
    const bool readable =
        space != std::string_view::npos && parse_int(text.substr(0, space), segments) &&
        parse_int(text.substr(space + 1), expires_at) && segments > 0 && segments <= 1'000;
    if (!readable || expires_at <= now) {
      out.expired.push_back(field);
      continue;
    }
    out.held[field] = static_cast<int>(segments);
  }
  return out;
}

std::map<std::string, int> held_growth(const prefetch::Held& before, const prefetch::Held& after) {
  std::map<std::string, int> grown;
  for (const auto& [key, segments] : after) {
    auto it = before.find(key);
    if (it == before.end() || it->second < segments) grown[key] = segments;
  }
  return grown;
}

}  // namespace control::state
