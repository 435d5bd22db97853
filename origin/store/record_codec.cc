// JSON records through nlohmann::json; its exceptions stop here and become nullopt.
#include "origin/store/record_codec.h"

#include <nlohmann/json.hpp>

namespace origin::store {
namespace {

using nlohmann::json;

template <typename T, typename Fill>
std::optional<T> decode_with(std::string_view bytes, Fill fill) {
  json j = json::parse(bytes, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  try {
    T value;
    fill(j, value);
    return value;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::string_view to_string(VideoStatus status) {
  switch (status) {
    case VideoStatus::kUploading:
      return "uploading";
    case VideoStatus::kProcessing:
      return "processing";
    case VideoStatus::kReady:
      return "ready";
    case VideoStatus::kFailed:
      return "failed";
  }
  return "unknown";
}

std::optional<VideoStatus> video_status_from(std::string_view text) {
  for (VideoStatus s : {VideoStatus::kUploading, VideoStatus::kProcessing, VideoStatus::kReady,
                        VideoStatus::kFailed}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view to_string(JobState state) {
  return state == JobState::kQueued ? "queued" : "running";
}

std::string encode(const Video& v) {
  return json{{"id", v.id},
              {"creator", v.creator},
              {"title", v.title},
              {"hashtags", v.hashtags},
              {"duration_ms", v.duration_ms},
              {"width", v.width},
              {"height", v.height},
              {"renditions", v.renditions},
              {"status", to_string(v.status)},
              {"reason", v.reason},
              {"created_s", v.created_s},
              {"updated_s", v.updated_s}}
      .dump();
}

std::optional<Video> decode_video(std::string_view bytes) {
  return decode_with<Video>(bytes, [](const json& j, Video& v) {
    v.id = j.at("id").get<std::string>();
    v.creator = j.value("creator", "");
    v.title = j.value("title", "");
    v.hashtags = j.value("hashtags", std::vector<std::string>{});
    v.duration_ms = j.value("duration_ms", int64_t{0});
    v.width = j.value("width", 0);
    v.height = j.value("height", 0);
    v.renditions = j.value("renditions", std::vector<std::string>{});
    auto status = video_status_from(j.at("status").get<std::string>());
    if (!status) throw json::other_error::create(501, "unknown status", nullptr);
    v.status = *status;
    v.reason = j.value("reason", "");
    v.created_s = j.value("created_s", int64_t{0});
    v.updated_s = j.value("updated_s", int64_t{0});
  });
}

std::string encode(const Upload& u) {
  json spans = json::array();
  for (const ByteSpan& s : u.received.spans())
    spans.push_back({s.first, s.last});
  json j{{"id", u.id},
         {"creator", u.creator},
         {"received", spans},
         {"sha256", u.sha256},
         {"completed", u.completed}};
  if (u.size) j["size"] = *u.size;
  return j.dump();
}

std::optional<Upload> decode_upload(std::string_view bytes) {
  return decode_with<Upload>(bytes, [](const json& j, Upload& u) {
    u.id = j.at("id").get<std::string>();
    u.creator = j.value("creator", "");
    if (j.contains("size")) u.size = j.at("size").get<int64_t>();
    std::vector<ByteSpan> spans;
    for (const json& s : j.at("received"))
      spans.push_back({s.at(0).get<int64_t>(), s.at(1).get<int64_t>()});
    u.received = ByteRanges(std::move(spans));
    u.sha256 = j.value("sha256", "");
    u.completed = j.value("completed", false);
  });
}

std::string encode(const Creator& c) {
  return json{{"id", c.id}, {"used_bytes", c.used_bytes}}.dump();
}

std::optional<Creator> decode_creator(std::string_view bytes) {
  return decode_with<Creator>(bytes, [](const json& j, Creator& c) {
    c.id = j.at("id").get<std::string>();
    c.used_bytes = j.value("used_bytes", int64_t{0});
  });
}

std::string encode(const Job& job) {
  return json{{"video", job.video},
              {"attempts", job.attempts},
              {"next_attempt_s", job.next_attempt_s},
              {"state", to_string(job.state)},
              {"last_error", job.last_error}}
      .dump();
}

std::optional<Job> decode_job(std::string_view bytes) {
  return decode_with<Job>(bytes, [](const json& j, Job& job) {
    job.video = j.at("video").get<std::string>();
    job.attempts = j.value("attempts", 0);
    job.next_attempt_s = j.value("next_attempt_s", int64_t{0});
    job.state = j.value("state", "queued") == "running" ? JobState::kRunning : JobState::kQueued;
    job.last_error = j.value("last_error", "");
  });
}

}  // namespace origin::store
