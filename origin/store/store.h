// origind's metadata in one LMDB environment: videos, uploads, creators, the transcode job
// queue and the last regional trending lists. Every method is one transaction, callable from any
// thread (MDB_NOTLS; LMDB serialises writers); all of them block on the disk, so event loops call
// them through a thread pool.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/clock.h"
#include "core/lmdb/lmdb_env.h"
#include "origin/store/records.h"

namespace origin::store {

enum class ErrorCode : uint8_t {
  kNotFound,       // no such video, upload or creator
  kConflict,       // the record's state forbids it (completed upload, other creator, ...)
  kQuotaExceeded,  // the creator's quota would be exceeded
  kOutOfRange,     // bytes outside the upload's size, a size change, or a partial overlap
  kIncomplete,     // completing an upload that misses bytes
  kStorage,        // LMDB failed (full map, I/O error)
  kCorrupt,        // a stored record could not be read
};

struct Error {
  ErrorCode code = ErrorCode::kStorage;
  std::string what;
};

template <typename T>
using Result = std::expected<T, Error>;

struct StoreConfig {
  std::filesystem::path dir;  // created if missing; holds data.mdb and lock.mdb
  size_t map_bytes = size_t{1} << 30;
  int64_t creator_quota_bytes = int64_t{10} << 30;
  const core::base::Clock* clock = nullptr;  // required
};

// What a video carries when its upload is completed.
struct VideoMeta {
  std::string creator;
  std::string title;
  std::vector<std::string> hashtags;
  std::string sha256;
};

// What a transcode produced, recorded when the video turns ready.
struct ReadyVideo {
  int64_t duration_ms = 0;
  int width = 0;
  int height = 0;
  std::vector<std::string> renditions;
};

struct Received {
  Upload upload;
  bool repeat = false;  // every byte was held already; nothing was written
};

class Store {
 public:
  // Opens (creating) the environment.
  static Result<std::unique_ptr<Store>> open(StoreConfig config);
  // Queues again, due at once, the jobs an earlier process left running. Only for the process
  // that runs jobs, when it starts: another process on the same data (an ingest) must not.
  Result<void> recover_jobs();

  // Uploads. A new upload creates its video (uploading) with a fresh id; a declared size is
  // charged to the creator's quota at once, otherwise with the first chunk's total.
  Result<Upload> create_upload(std::string_view creator, std::optional<int64_t> size);
  Result<Upload> get_upload(std::string_view id) const;
  // Records [first, last] of `total` bytes; `write` stores the bytes and runs inside the
  // transaction, so two chunks of one upload never race. An exact repeat of held bytes does
  // not call `write`. kOutOfRange: outside `total`, `total` differs from the size, or a
  // partial overlap; kConflict: already completed.
  Result<Received> receive(std::string_view id, ByteSpan span, int64_t total,
                           const std::function<std::expected<void, std::string>()>& write);
  // Checks that every byte arrived and that `meta.creator` owns the upload, then makes the
  // video processing with `meta` and queues its transcode job.
  Result<Video> complete_upload(std::string_view id, const VideoMeta& meta);

  Result<Video> get_video(std::string_view id) const;
  // Removes the video, its upload and its job and gives its bytes back to the creator.
  Result<Video> delete_video(std::string_view id);
  Result<Creator> get_creator(std::string_view id) const;

  // Jobs. Takes the queued job due first (next_attempt_s <= now), marks it running and counts
  // the attempt; nullopt when none is due.
  Result<std::optional<Job>> claim_job();
  // Claims the queued job of `video` whatever its due time (a synchronous ingest).
  Result<std::optional<Job>> claim_job(std::string_view video);
  // The earliest next_attempt_s of the queued jobs, nullopt when none is queued.
  Result<std::optional<int64_t>> next_due() const;
  // The video turns ready and its job goes. kNotFound when the video was deleted meanwhile.
  Result<Video> finish_ready(std::string_view video, const ReadyVideo& ready);
  // The job waits until `next_attempt_s` and keeps `error`.
  Result<void> retry_job(std::string_view video, int64_t next_attempt_s, std::string_view error);
  // The video turns failed with `reason` and its job goes.
  Result<Video> fail_job(std::string_view video, std::string_view reason);
  // Gives a running job back to the queue without counting its attempt (shutdown).
  Result<void> requeue_job(std::string_view video);
  Result<std::vector<Job>> jobs() const;

  // The catalog the feeds rank: every ready video.
  Result<std::vector<Video>> ready_videos() const;
  // Changes whenever any write transaction commits: a cheap test for "reload the catalog".
  uint64_t change_stamp() const;
  // Adds a ready video whose outputs exist elsewhere (a catalog migrated from another origin,
  // a load-test world). kConflict when the id is taken, kOutOfRange when the record is not
  // a ready video with a valid id.
  Result<void> import_video(const Video& video);

  // Regional trending kept for when Redis is away: region -> (video, score), best first.
  using Trending = std::vector<std::pair<std::string, double>>;
  Result<void> put_trending(const std::vector<std::pair<std::string, Trending>>& regions);
  Result<std::vector<std::pair<std::string, Trending>>> trending() const;

  int64_t now_s() const { return config_.clock->unix_seconds(); }

 private:
  struct Dbs {
    MDB_dbi videos = 0;
    MDB_dbi uploads = 0;
    MDB_dbi creators = 0;
    MDB_dbi jobs = 0;
    MDB_dbi trending = 0;
  };
  Store(StoreConfig config, core::lmdb::Env env, Dbs dbs);
  // Claims the queued job that `better` prefers to the best so far (nullptr before any).
  Result<std::optional<Job>> claim(const std::function<bool(const Job&, const Job*)>& better);

  StoreConfig config_;
  core::lmdb::Env env_;
  Dbs dbs_;
};

}  // namespace origin::store
