// VideoRoutes: both answers come from one LMDB transaction run off the loop.
#include "origin/api/video_routes.h"

#include <system_error>

#include "origin/api/offload.h"

namespace origin::api {
namespace {

using nlohmann::json;
using VideoResult = std::expected<json, store::Error>;

}  // namespace

json video_json(const store::Video& video) {
  json j{{"id", video.id},
         {"status", to_string(video.status)},
         {"title", video.title},
         {"creator", video.creator},
         {"hashtags", video.hashtags},
         {"duration_ms", video.duration_ms},
         {"width", video.width},
         {"height", video.height},
         {"renditions", video.renditions},
         {"created_at", video.created_s},
         {"updated_at", video.updated_s}};
  if (video.status == store::VideoStatus::kReady) j["master"] = "/v/" + video.id + "/master.m3u8";
  if (video.status == store::VideoStatus::kFailed) j["reason"] = video.reason;
  return j;
}

void VideoRoutes::get(core::http::Stream& stream, std::string_view id) {
  constexpr std::string_view kRoute = "video";
  offload(
      stream, service_, mailbox_,
      [this, id = std::string(id)]() -> VideoResult {
        auto video = service_.store().get_video(id);
        if (!video) return std::unexpected(video.error());
        return video_json(*video);
      },
      [this, kRoute](core::http::Stream& s, VideoResult result) {
        if (!result) return replies_.store_error(s, kRoute, result.error());
        replies_.json(s, kRoute, 200, *result);
      });
}

void VideoRoutes::remove(core::http::Stream& stream, std::string_view id) {
  constexpr std::string_view kRoute = "delete";
  offload(
      stream, service_, mailbox_,
      [this, id = std::string(id)]() -> VideoResult {
        // The record goes first: from then on the runner sees the video gone and a publish
        // that races this delete removes its own output.
        auto video = service_.store().delete_video(id);
        if (!video) return std::unexpected(video.error());
        std::error_code ignored;
        std::filesystem::remove_all(service_.layout().video_dir(id), ignored);
        std::filesystem::remove(service_.layout().upload_file(id), ignored);
        return video_json(*video);
      },
      [this, kRoute](core::http::Stream& s, VideoResult result) {
        if (!result) return replies_.store_error(s, kRoute, result.error());
        replies_.count(kRoute, 204);
        core::http::ResponseHead head;
        head.status = 204;
        s.respond(std::move(head), false);
      });
}

}  // namespace origin::api
