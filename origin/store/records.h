// What the store keeps: videos, their uploads, creators with their quota use, and transcode
// jobs. Plain values; record_codec.h turns them into the bytes kept in LMDB.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "origin/store/byte_ranges.h"

namespace origin::store {

enum class VideoStatus : uint8_t {
  kUploading,   // "uploading": created, bytes still arriving
  kProcessing,  // "processing": upload complete and checked, transcode queued or running
  kReady,       // "ready": every output is on disk
  kFailed,      // "failed": `reason` says why
};
std::string_view to_string(VideoStatus status);
std::optional<VideoStatus> video_status_from(std::string_view text);

struct Video {
  std::string id;
  std::string creator;
  std::string title;
  std::vector<std::string> hashtags;
  int64_t duration_ms = 0;
  int width = 0;
  int height = 0;
  std::vector<std::string> renditions;
  VideoStatus status = VideoStatus::kUploading;
  std::string reason;  // failed only
  int64_t created_s = 0;
  int64_t updated_s = 0;
};

// The upload of a video has the video's id.
struct Upload {
  std::string id;
  std::string creator;
  std::optional<int64_t> size;  // declared at creation or by the first Content-Range total
  ByteRanges received;
  std::string sha256;  // lowercase hex, set when the upload is completed
  bool completed = false;
};

struct Creator {
  std::string id;
  int64_t used_bytes = 0;  // sizes of its uploads and videos, released on delete
};

enum class JobState : uint8_t {
  kQueued,   // "queued": waits for next_attempt_s
  kRunning,  // "running": a worker has it; back to queued when the process restarts
};
std::string_view to_string(JobState state);

// One transcode job per video, keyed by the video's id.
struct Job {
  std::string video;
  int attempts = 0;  // attempts started
  int64_t next_attempt_s = 0;
  JobState state = JobState::kQueued;
  std::string last_error;
};

}  // namespace origin::store
