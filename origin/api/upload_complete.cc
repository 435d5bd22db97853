// POST /api/uploads/{id}/complete: {title, creator, hashtags[], sha256}. The file's SHA-256
// is computed off the loop and compared (422 on a mismatch, 409 when bytes are missing or the
// upload is already completed); then the video turns processing and its job is queued.
#include <nlohmann/json.hpp>

#include "origin/api/offload.h"
#include "origin/api/sha256_file.h"
#include "origin/api/upload_routes.h"

namespace origin::api {
namespace {

using nlohmann::json;

constexpr std::string_view kRoute = "complete";
constexpr size_t kMaxTitle = 300;
constexpr size_t kMaxHashtags = 30;
constexpr size_t kMaxHashtag = 100;
constexpr size_t kMaxCreator = 64;

struct Completion {
  int status = 202;
  json body;
};

bool printable(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

// The request's metadata, or the reason it is refused.
std::expected<store::VideoMeta, std::string> parse_meta(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return std::unexpected("expected a JSON object");
  store::VideoMeta meta;
  const json& creator = j.value("creator", json());
  if (!creator.is_string() || creator.get_ref<const std::string&>().empty() ||
      creator.get_ref<const std::string&>().size() > kMaxCreator) {
    return std::unexpected("creator must be a non-empty string");
  }
  meta.creator = creator.get<std::string>();
  const json& title = j.value("title", json(""));
  if (!title.is_string() || title.get_ref<const std::string&>().size() > kMaxTitle ||
      !printable(title.get<std::string>())) {
    return std::unexpected("title must be a string of at most 300 bytes");
  }
  meta.title = title.get<std::string>();
  const json& hashtags = j.value("hashtags", json::array());
  if (!hashtags.is_array() || hashtags.size() > kMaxHashtags) {
    return std::unexpected("hashtags must be an array of at most 30 strings");
  }
  for (const json& tag : hashtags) {
    if (!tag.is_string() || tag.get_ref<const std::string&>().empty() ||
        tag.get_ref<const std::string&>().size() > kMaxHashtag ||
        !printable(tag.get<std::string>())) {
      return std::unexpected("each hashtag must be a non-empty string of at most 100 bytes");
    }
    meta.hashtags.push_back(tag.get<std::string>());
  }
  const json& sha = j.value("sha256", json());
  if (!sha.is_string()) return std::unexpected("sha256 (64 hex digits) is required");
  meta.sha256 = sha.get<std::string>();
  for (char& c : meta.sha256) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  bool hex = meta.sha256.size() == 64;
  for (char c : meta.sha256)
    hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!hex) return std::unexpected("sha256 must be 64 hex digits");
  return meta;
}

Completion refuse(int status, std::string message) {
  return {status, {{"error", message}}};
}

Completion store_refusal(const store::Error& e) {
  switch (e.code) {
    case store::ErrorCode::kNotFound:
      return refuse(404, e.what);
    case store::ErrorCode::kConflict:
    case store::ErrorCode::kIncomplete:
      return refuse(409, e.what);
    default:
      return refuse(500, e.what);
  }
}

}  // namespace

void UploadRoutes::complete(core::http::Stream& stream, std::string_view id) {
  auto meta = parse_meta(stream.request().body);
  if (!meta) return replies_.error(stream, kRoute, 400, meta.error());
  offload(
      stream, service_, mailbox_,
      [this, id = std::string(id), meta = std::move(*meta)]() -> Completion {
        // Cheap checks first: no hashing of an upload that cannot complete.
        auto upload = service_.store().get_upload(id);
        if (!upload) return store_refusal(upload.error());
        if (upload->completed) return refuse(409, "upload already completed");
        if (upload->creator != meta.creator)
          return refuse(409, "upload belongs to another creator");
        if (!upload->size || !upload->received.covers(*upload->size)) {
          return {409, {{"error", "upload is missing bytes"}, {"upload", upload_json(*upload)}}};
        }
        auto digest = sha256_file(service_.layout().upload_file(id));
        if (!digest) return refuse(500, digest.error());
        if (*digest != meta.sha256) {
          return {422,
                  {{"error", "sha256 mismatch"}, {"expected", meta.sha256}, {"actual", *digest}}};
        }
        auto video = service_.store().complete_upload(id, meta);
        if (!video) return store_refusal(video.error());
        service_.runner().notify();
        return {202, {{"video", video->id}, {"status", to_string(video->status)}}};
      },
      [this](core::http::Stream& s, Completion result) {
        replies_.json(s, kRoute, result.status, result.body);
      });
}

}  // namespace origin::api
