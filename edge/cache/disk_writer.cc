// Storing one object: the DiskWriter handle on the loop, and the file work on an I/O thread.
#include "edge/cache/disk_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace edge::cache {
namespace {

bool is_no_space(int error) {
  return error == ENOSPC || error == EDQUOT;
}

void fail(WriteJob& job, DiskShared& shared, WriteFailure reason, int error) {
  if (job.failed) return;
  job.failed = reason;
  if (error != 0) {
    shared.log("disk cache write " + shared.paths.tmp_file(job.id).string() + ": " +
               std::strerror(error));
  }
  if (reason == WriteFailure::kNoSpace) shared.admission.close();
}

void write_chunk(WriteJob& job, DiskShared& shared, std::string_view bytes) {
  if (job.failed || job.cancelled.load()) return;
  if (job.written + bytes.size() > shared.config.max_object_bytes) {
    fail(job, shared, WriteFailure::kTooLarge, 0);
    return;
  }
  if (!job.fd) {
    job.fd.reset(::open(shared.paths.tmp_file(job.id).c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!job.fd) {
      fail(job, shared, is_no_space(errno) ? WriteFailure::kNoSpace : WriteFailure::kIo, errno);
      return;
    }
  }
  while (!bytes.empty()) {
    ssize_t n = ::write(job.fd.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = n < 0 ? errno : ENOSPC;  // a zero-byte write means no room
      fail(job, shared, is_no_space(error) ? WriteFailure::kNoSpace : WriteFailure::kIo, error);
      return;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    job.written += static_cast<uint64_t>(n);
  }
}

void abort_write(WriteJob& job, DiskShared& shared) {
  if (job.failed) shared.metrics.write_failed(*job.failed);
  bool opened = static_cast<bool>(job.fd);
  job.fd.reset();
  if (opened) ::unlink(shared.paths.tmp_file(job.id).c_str());
  shared.inflight.release(job);
}

// Complete and of the expected length: make it durable as configured and rename it into place.
bool finish_file(WriteJob& job, DiskShared& shared) {
  if (!job.fd) {  // an empty body: nothing was appended
    job.fd.reset(::open(shared.paths.tmp_file(job.id).c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!job.fd) {
      fail(job, shared, is_no_space(errno) ? WriteFailure::kNoSpace : WriteFailure::kIo, errno);
      return false;
    }
  }
  if (shared.config.sync_files && ::fdatasync(job.fd.get()) != 0) {
    fail(job, shared, is_no_space(errno) ? WriteFailure::kNoSpace : WriteFailure::kIo, errno);
    return false;
  }
  std::error_code ec;
  std::filesystem::create_directories(shared.paths.object_dir(job.id), ec);
  if (ec || ::rename(shared.paths.tmp_file(job.id).c_str(),
                     shared.paths.object_file(job.id).c_str()) != 0) {
    int error = ec ? ec.value() : errno;
    fail(job, shared, is_no_space(error) ? WriteFailure::kNoSpace : WriteFailure::kIo, error);
    return false;
  }
  job.fd.reset();
  return true;
}

}  // namespace

void drain_write(const std::shared_ptr<WriteJob>& job, DiskShared& shared,
                 DiskCommitter& committer) {
  for (;;) {
    std::vector<core::http::Chunk> chunks;
    WriteJob::End end;
    uint64_t expected = 0;
    {
      std::lock_guard lock(job->mutex);
      chunks.swap(job->pending);
      end = job->end;
      expected = job->expected_size;
      if (chunks.empty() && end == WriteJob::End::kNone) {
        job->scheduled = false;
        return;
      }
    }
    for (const core::http::Chunk& chunk : chunks)
      write_chunk(*job, shared, chunk.bytes);
    if (end == WriteJob::End::kNone) continue;
    // The job has ended: `scheduled` stays set, no task runs for it again.
    if (end == WriteJob::End::kAbort || job->cancelled.load() || job->failed) {
      abort_write(*job, shared);
      return;
    }
    if (job->written != expected) {
      fail(*job, shared, WriteFailure::kLengthMismatch, 0);
      abort_write(*job, shared);
      return;
    }
    if (!finish_file(*job, shared)) {
      abort_write(*job, shared);
      return;
    }
    job->stored_at = shared.clock.unix_seconds();
    committer.put(job);
    return;
  }
}

}  // namespace edge::cache
