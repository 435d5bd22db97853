// The transcode workers: threads that take due jobs from the store's persisted queue, run
// origin::transcode into a staging directory and publish it by a rename, then mark the video
// ready. A failure of the input fails the video at once; other failures retry with
// exponential backoff up to a number of attempts. A video deleted while it transcodes stops
// its job (cancelled() turns true) and leaves no output behind.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "origin/api/data_layout.h"
#include "origin/store/store.h"
#include "origin/transcode/transcode.h"

namespace origin::api {

struct RunnerConfig {
  int workers = 1;  // jobs at once; each transcode runs its own threads as well
  int max_attempts = 3;
  int64_t retry_backoff_s = 5;  // before the 2nd attempt; doubled for each later one
  transcode::LadderConfig ladder;
};

// How a job attempt ended, as the `outcome` label of origin_jobs_total names it.
enum class JobOutcome : uint8_t {
  kReady,      // "ready"
  kFailed,     // "failed": bad input, or the last attempt
  kRetry,      // "retry": queued again after a backoff
  kCancelled,  // "cancelled": the video was deleted, or shutdown (queued again)
  kError,      // "error": the store could not record the outcome
};

class JobRunner {
 public:
  // `store`, `log` and `metrics` must outlive the runner.
  JobRunner(store::Store& store, DataLayout layout, RunnerConfig config, core::log::Logger& log,
            core::metrics::Registry& metrics);
  ~JobRunner();  // stop()
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Starts the worker threads.
  void start();
  // A job was queued: wakes an idle worker. Thread-safe.
  void notify();
  // Cancels running transcodes (their jobs are queued again, attempts not counted) and joins
  // the workers. Idempotent.
  void stop();

  // Runs the job of `video` on the calling thread (origind ingest), whatever its due time.
  JobOutcome run_now(std::string_view video, std::function<void(double)> progress);

 private:
  void work();
  JobOutcome run(const store::Job& job, std::function<void(double)> progress);
  JobOutcome publish(const store::Job& job, const transcode::TranscodeResult& result);
  JobOutcome settle_failure(const store::Job& job, const transcode::TranscodeError& error);
  void count(JobOutcome outcome);

  store::Store& store_;
  DataLayout layout_;
  RunnerConfig config_;
  core::log::Logger& log_;
  core::metrics::Registry& metrics_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool notified_ = false;  // under mutex_
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace origin::api
