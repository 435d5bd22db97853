// The persisted transcode queue: one record per video in the `jobs` database. Queues stay
// small (jobs leave when their video is ready or failed), so claims scan the database.
#include <limits>

#include "origin/store/store.h"
#include "origin/store/store_access.h"

namespace origin::store {

using namespace access;  // NOLINT(google-build-using-namespace): the store's own helpers

namespace {

// Every job, in key order.
Result<std::vector<Job>> all_jobs(const lmdb::Txn& txn, MDB_dbi dbi) {
  auto cursor = lmdb::open_cursor(txn, dbi);
  if (!cursor) return std::unexpected(storage(cursor.error()));
  std::vector<Job> jobs;
  MDB_val key{};
  MDB_val value{};
  for (int rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_NEXT)) {
    auto job = decode_job(lmdb::view(value));
    if (!job) {
      return std::unexpected(
          Error{ErrorCode::kCorrupt, "unreadable job " + std::string(lmdb::view(key))});
    }
    jobs.push_back(std::move(*job));
  }
  return jobs;
}

}  // namespace

Result<void> Store::recover_jobs() {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto jobs = all_jobs(*txn, dbs_.jobs);
  if (!jobs) return std::unexpected(jobs.error());
  for (Job& job : *jobs) {
    if (job.state != JobState::kRunning) continue;
    job.state = JobState::kQueued;
    job.next_attempt_s = now_s();
    if (auto put = access::store(*txn, dbs_.jobs, job.video, job); !put) {
      return std::unexpected(put.error());
    }
  }
  return commit(*txn);
}

Result<std::optional<Job>> Store::claim(const std::function<bool(const Job&, const Job*)>& better) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto jobs = all_jobs(*txn, dbs_.jobs);
  if (!jobs) return std::unexpected(jobs.error());
  Job* chosen = nullptr;
  for (Job& job : *jobs) {
    if (job.state == JobState::kQueued && better(job, chosen)) chosen = &job;
  }
  if (chosen == nullptr) return std::optional<Job>();
  chosen->state = JobState::kRunning;
  ++chosen->attempts;
  if (auto put = access::store(*txn, dbs_.jobs, chosen->video, *chosen); !put) {
    return std::unexpected(put.error());
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return std::optional<Job>(std::move(*chosen));
}

Result<std::optional<Job>> Store::claim_job() {
  int64_t now = now_s();
  return claim([now](const Job& job, const Job* best) {
    return job.next_attempt_s <= now &&
           (best == nullptr || job.next_attempt_s < best->next_attempt_s);
  });
}

Result<std::optional<Job>> Store::claim_job(std::string_view video) {
  return claim([video](const Job& job, const Job*) { return job.video == video; });
}

Result<std::optional<int64_t>> Store::next_due() const {
  auto txn = read_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto jobs = all_jobs(*txn, dbs_.jobs);
  if (!jobs) return std::unexpected(jobs.error());
  std::optional<int64_t> earliest;
  for (const Job& job : *jobs) {
    if (job.state == JobState::kQueued && (!earliest || job.next_attempt_s < *earliest)) {
      earliest = job.next_attempt_s;
    }
  }
  return earliest;
}

Result<Video> Store::finish_ready(std::string_view video, const ReadyVideo& ready) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.videos, video, decode_video);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(not_found("video", video));
  Video& v = **found;
  v.status = VideoStatus::kReady;
  v.reason.clear();
  v.duration_ms = ready.duration_ms;
  v.width = ready.width;
  v.height = ready.height;
  v.renditions = ready.renditions;
  v.updated_s = now_s();
  if (auto put = access::store(*txn, dbs_.videos, video, v); !put) {
    return std::unexpected(put.error());
  }
  if (auto erased = erase(*txn, dbs_.jobs, video); !erased) {
    return std::unexpected(erased.error());
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return v;
}

Result<void> Store::retry_job(std::string_view video, int64_t next_attempt_s,
                              std::string_view error) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.jobs, video, decode_job);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(not_found("job", video));
  (*found)->state = JobState::kQueued;
  (*found)->next_attempt_s = next_attempt_s;
  (*found)->last_error = error;
  if (auto put = access::store(*txn, dbs_.jobs, video, **found); !put) {
    return std::unexpected(put.error());
  }
  return commit(*txn);
}

Result<Video> Store::fail_job(std::string_view video, std::string_view reason) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.videos, video, decode_video);
  if (!found) return std::unexpected(found.error());
  if (!*found) return std::unexpected(not_found("video", video));
  Video& v = **found;
  v.status = VideoStatus::kFailed;
  v.reason = reason;
  v.updated_s = now_s();
  if (auto put = access::store(*txn, dbs_.videos, video, v); !put) {
    return std::unexpected(put.error());
  }
  if (auto erased = erase(*txn, dbs_.jobs, video); !erased) {
    return std::unexpected(erased.error());
  }
  if (auto done = commit(*txn); !done) return std::unexpected(done.error());
  return v;
}

Result<void> Store::requeue_job(std::string_view video) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto found = find(*txn, dbs_.jobs, video, decode_job);
  if (!found) return std::unexpected(found.error());
  if (!*found) return {};  // deleted meanwhile: nothing to give back
  (*found)->state = JobState::kQueued;
  (*found)->attempts = std::max(0, (*found)->attempts - 1);
  (*found)->next_attempt_s = now_s();
  if (auto put = access::store(*txn, dbs_.jobs, video, **found); !put) {
    return std::unexpected(put.error());
  }
  return commit(*txn);
}

Result<std::vector<Job>> Store::jobs() const {
  auto txn = read_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  return all_jobs(*txn, dbs_.jobs);
}

}  // namespace origin::store
