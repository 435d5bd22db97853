// /v/ paths: split on '/', each segment checked against the safe alphabet.
#include "origin/api/hls_path.h"

#include <array>
#include <utility>
#include <vector>

namespace origin::api {
namespace {

bool safe_segment(std::string_view segment) {
  if (segment.empty() || segment.front() == '.' || segment.size() > 128) return false;
  for (char c : segment) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kTypes{{
    {".m3u8", "application/vnd.apple.mpegurl"},
    {".mp4", "video/mp4"},
    {".m4s", "video/iso.segment"},
    {".ts", "video/mp2t"},
    {".jpg", "image/jpeg"},
}};

}  // namespace

std::optional<HlsFile> parse_hls_path(std::string_view path) {
  if (!path.starts_with(kVideoPrefix)) return std::nullopt;
  path.remove_prefix(kVideoPrefix.size());
  std::vector<std::string_view> segments;
  while (true) {
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  if (segments.size() < 2 || segments.size() > 3) return std::nullopt;
  for (std::string_view segment : segments) {
    if (!safe_segment(segment)) return std::nullopt;
  }
  std::string_view name = segments.back();
  for (auto [extension, type] : kTypes) {
    if (name.size() > extension.size() && name.ends_with(extension)) {
      HlsFile file;
      file.video = segments[0];
      file.relative = segments.size() == 3 ? std::string(segments[1]) + "/" + std::string(name)
                                           : std::string(name);
      file.content_type = type;
      file.playlist = extension == ".m3u8";
      return file;
    }
  }
  return std::nullopt;
}

}  // namespace origin::api
