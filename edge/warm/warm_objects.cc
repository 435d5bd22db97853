// Hint items and media playlists turned into warm tasks.
#include "edge/warm/warm_objects.h"

#include <set>

#include "manifest/parser.h"
#include "manifest/rewrite.h"

namespace edge::warm {
namespace {

// Keeps a video's objects in playlist order without letting them overtake a better video.
constexpr double kOrderStep = 1e-6;

std::string video_path(const ObjectEstimates& estimates, std::string_view video) {
  std::string path = estimates.prefix;
  if (!path.ends_with('/')) path += '/';
  path += video;
  return path;
}

}  // namespace

std::vector<prefetch::WarmTask> hint_tasks(const prefetch::Hint& hint,
                                           const ObjectEstimates& estimates) {
  std::vector<prefetch::WarmTask> tasks;
  const int64_t expires_at_ms = hint.expires_at * 1000;
  for (const prefetch::HintItem& item : hint.items) {
    const std::string base = video_path(estimates, item.video);
    tasks.push_back({base + "/master.m3u8", hint.id, item.priority, expires_at_ms,
                     estimates.playlist_bytes, 0});
    for (const std::string& rendition : item.renditions) {
      std::string playlist = base;
      playlist.append("/").append(rendition).append("/index.m3u8");
      tasks.push_back({std::move(playlist), hint.id, item.priority, expires_at_ms,
                       estimates.playlist_bytes, item.segments});
    }
  }
  return tasks;
}

std::expected<std::vector<prefetch::WarmTask>, std::string> playlist_tasks(
    const prefetch::WarmTask& playlist, std::string_view body, const ObjectEstimates& estimates) {
  auto media = manifest::parse_media(body);
  if (!media) return std::unexpected("not a media playlist: " + media.error().message);
  const auto video = video_of(playlist.key, estimates.prefix);
  if (!video) return std::unexpected("not under the served prefix: " + playlist.key);
  const std::string video_root = video_path(estimates, *video) + "/";
  std::vector<prefetch::WarmTask> tasks;
  std::set<std::string> seen;
  const auto objects =
      manifest::first_segments(*media, static_cast<size_t>(playlist.follow_segments));
  for (const manifest::WarmObject& object : objects) {
    std::string path = manifest::resolve_uri(playlist.key, object.uri);
    if (!path.starts_with(video_root) || path.find('?') != std::string::npos ||
        !seen.insert(path).second) {
      continue;
    }
    const bool init = object.kind == manifest::WarmObject::Kind::kInit;
    const double priority = playlist.priority - kOrderStep * static_cast<double>(tasks.size());
    tasks.push_back({std::move(path), playlist.hint, priority, playlist.expires_at_ms,
                     init ? estimates.playlist_bytes : estimates.segment_bytes, 0});
  }
  return tasks;
}

std::optional<std::string> video_of(std::string_view path, std::string_view prefix) {
  if (prefix.empty() || !path.starts_with(prefix)) return std::nullopt;
  std::string_view rest = path.substr(prefix.size());
  if (!prefix.ends_with('/')) {
    if (!rest.starts_with('/')) return std::nullopt;
    rest.remove_prefix(1);
  }
  const size_t end = rest.find('/');
  if (end == 0 || end == std::string_view::npos) return std::nullopt;
  return std::string(rest.substr(0, end));
}

}  // namespace edge::warm
