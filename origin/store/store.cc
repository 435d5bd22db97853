// The store's videos, uploads and creators; the job queue is in store_jobs.cc.
#include "origin/store/store.h"

#include <system_error>

#include "origin/store/ids.h"
#include "origin/store/store_access.h"

namespace origin::store {

using namespace access;  // NOLINT(google-build-using-namespace): the store's own helpers

namespace {

constexpr unsigned kMaxDbs = 8;

// Adds `delta` to the creator's use; refuses growth past `quota`.
Result<void> charge(const lmdb::Txn& txn, MDB_dbi creators, std::string_view creator, int64_t delta,
                    int64_t quota) {
  auto found = find(txn, creators, creator, decode_creator);
  if (!found) return std::unexpected(found.error());
  Creator c = found->value_or(Creator{std::string(creator), 0});
  if (delta > 0 && c.used_bytes + delta > quota) {
    return std::unexpected(
        Error{ErrorCode::kQuotaExceeded, "creator " + std::string(creator) + " is over quota"});
  }
  c.used_bytes = std::max<int64_t>(0, c.used_bytes + delta);
  return access::store(txn, creators, creator, c);
}

}  // namespace

Store::Store(StoreConfig config, lmdb::Env env, Dbs dbs)
    : config_(std::move(config)), env_(std::move(env)), dbs_(dbs) {}

Result<std::unique_ptr<Store>> Store::open(StoreConfig config) {
  std::error_code error;
  std::filesystem::create_directories(config.dir, error);
  if (error) {
    return std::unexpected(Error{ErrorCode::kStorage,
                                 "cannot create " + config.dir.string() + ": " + error.message()});
  }
  auto env = lmdb::open_env(config.dir, config.map_bytes, kMaxDbs);
  if (!env) return std::unexpected(storage(env.error()));
  auto txn = write_txn(env->get());
  if (!txn) return std::unexpected(txn.error());
  Dbs dbs;
  for (auto [name, dbi] : {std::pair{"videos", &dbs.videos}, std::pair{"uploads", &dbs.uploads},
                           std::pair{"creators", &dbs.creators}, std::pair{"jobs", &dbs.jobs},
                           std::pair{"trending", &dbs.trending}}) {
    auto opened = lmdb::open_db(*txn, name);
    if (!opened) return std::unexpected(storage(opened.error()));
    *dbi = *opened;
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return std::unique_ptr<Store>(new Store(std::move(config), std::move(*env), dbs));
}

Result<Upload> Store::create_upload(std::string_view creator, std::optional<int64_t> size) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  Upload upload;
  // 65 random bits make a collision unlikely, not impossible.
  for (;;) {
    upload.id = new_id();
    auto existing = find(*txn, dbs_.videos, upload.id, decode_video);
    if (!existing) return std::unexpected(existing.error());
    if (!*existing) break;
  }
  upload.creator = creator;
  upload.size = size;
  if (size) {
    auto charged = charge(*txn, dbs_.creators, creator, *size, config_.creator_quota_bytes);
    if (!charged) return std::unexpected(charged.error());
  }
  Video video;
  video.id = upload.id;
  video.creator = creator;
  video.status = VideoStatus::kUploading;
  video.created_s = video.updated_s = now_s();
  if (auto put = access::store(*txn, dbs_.uploads, upload.id, upload); !put) {
    return std::unexpected(put.error());
  }
  if (auto put = access::store(*txn, dbs_.videos, video.id, video); !put) {
    return std::unexpected(put.error());
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return upload;
}

Result<Upload> Store::get_upload(std::string_view id) const {
  auto txn = read_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.uploads, id, decode_upload);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(not_found("upload", id));
  return std::move(**found);
}

Result<Received> Store::receive(std::string_view id, ByteSpan span, int64_t total,
                                const std::function<std::expected<void, std::string>()>& write) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.uploads, id, decode_upload);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(not_found("upload", id));
  Upload& upload = **found;
  if (upload.completed) {
    return std::unexpected(Error{ErrorCode::kConflict, "upload already completed"});
  }
  if (upload.size && *upload.size != total) {
    return std::unexpected(Error{ErrorCode::kOutOfRange, "total " + std::to_string(total) +
                                                             " differs from the size " +
                                                             std::to_string(*upload.size)});
  }
  if (span.first < 0 || span.first > span.last || span.last >= total) {
    return std::unexpected(Error{ErrorCode::kOutOfRange, "range outside the upload's size"});
  }
  SpanFit fit = upload.received.fit(span);
  if (fit == SpanFit::kOverlap) {
    return std::unexpected(
        Error{ErrorCode::kOutOfRange, "range overlaps bytes already received in part"});
  }
  if (fit == SpanFit::kHeld) return Received{std::move(upload), true};
  if (!upload.size) {
    auto charged = charge(*txn, dbs_.creators, upload.creator, total, config_.creator_quota_bytes);
    if (!charged) return std::unexpected(charged.error());
    upload.size = total;
  }
  if (auto written = write(); !written) {
    return std::unexpected(Error{ErrorCode::kStorage, written.error()});
  }
  upload.received.add(span);
  if (auto put = access::store(*txn, dbs_.uploads, id, upload); !put) {
    return std::unexpected(put.error());
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return Received{std::move(upload), false};
}

Result<Video> Store::complete_upload(std::string_view id, const VideoMeta& meta) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto upload = find(*txn, dbs_.uploads, id, decode_upload);
  if (!upload) return std::unexpected(upload.error());
  auto video = find(*txn, dbs_.videos, id, decode_video);
  if (!video) return std::unexpected(video.error());
  if (!*upload || !*video) return std::unexpected(not_found("upload", id));
  if ((*upload)->completed) {
    return std::unexpected(Error{ErrorCode::kConflict, "upload already completed"});
  }
  if ((*upload)->creator != meta.creator) {
    return std::unexpected(Error{ErrorCode::kConflict, "upload belongs to another creator"});
  }
  if (!(*upload)->size || !(*upload)->received.covers(*(*upload)->size)) {
    return std::unexpected(Error{ErrorCode::kIncomplete, "upload is missing bytes"});
  }
  (*upload)->completed = true;
  (*upload)->sha256 = meta.sha256;
  Video& v = **video;
  v.title = meta.title;
  v.hashtags = meta.hashtags;
  v.status = VideoStatus::kProcessing;
  v.updated_s = now_s();
  Job job;
  job.video = v.id;
  job.next_attempt_s = now_s();
  for (auto put :
       {access::store(*txn, dbs_.uploads, id, **upload), access::store(*txn, dbs_.videos, id, v),
        access::store(*txn, dbs_.jobs, id, job)}) {
    if (!put) return std::unexpected(put.error());
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return v;
}

Result<Video> Store::get_video(std::string_view id) const {
  auto txn = read_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.videos, id, decode_video);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(not_found("video", id));
  return std::move(**found);
}

Result<Video> Store::delete_video(std::string_view id) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto video = find(*txn, dbs_.videos, id, decode_video);
  if (!video) return std::unexpected(video.error());
  if (!*video) return std::unexpected(not_found("video", id));
  auto upload = find(*txn, dbs_.uploads, id, decode_upload);
  if (!upload) return std::unexpected(upload.error());
  if (*upload && (*upload)->size) {
    auto released = charge(*txn, dbs_.creators, (*upload)->creator, -*(*upload)->size, 0);
    if (!released) return std::unexpected(released.error());
  }
  for (MDB_dbi dbi : {dbs_.videos, dbs_.uploads, dbs_.jobs}) {
    if (auto erased = erase(*txn, dbi, id); !erased) return std::unexpected(erased.error());
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return std::move(**video);
}

Result<Creator> Store::get_creator(std::string_view id) const {
  auto txn = read_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.creators, id, decode_creator);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(not_found("creator", id));
  return std::move(**found);
}

}  // namespace origin::store
