// JobRunner: claim, transcode into staging, publish by rename, record. Deletion is noticed by
// polling the store from cancelled(), so a delete needs no line to the runner and works from
// another process on the same data directory too.
#include "origin/api/job_runner.h"

#include <chrono>
#include <system_error>

#include "origin/api/api_metrics.h"

namespace origin::api {
namespace {

constexpr std::chrono::milliseconds kDeletePoll{250};
constexpr std::chrono::seconds kIdleWait{1};

std::string_view to_label(JobOutcome outcome) {
  switch (outcome) {
    case JobOutcome::kReady:
      return "ready";
    case JobOutcome::kFailed:
      return "failed";
    case JobOutcome::kRetry:
      return "retry";
    case JobOutcome::kCancelled:
      return "cancelled";
    case JobOutcome::kError:
      return "error";
  }
  return "error";
}

// cancelled() for one job: true on shutdown, or once the video is gone from the store. The
// store is read at most every kDeletePoll, from whichever thread polls.
class CancelProbe {
 public:
  CancelProbe(const store::Store& store, std::string video, const std::atomic<bool>& stopping)
      : store_(store), video_(std::move(video)), stopping_(stopping) {}

  bool operator()() {
    if (stopping_.load(std::memory_order_relaxed) || gone_.load(std::memory_order_relaxed)) {
      return true;
    }
    int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    int64_t due = next_check_.load(std::memory_order_relaxed);
    if (now < due || !next_check_.compare_exchange_strong(
                         due, now + std::chrono::nanoseconds(kDeletePoll).count())) {
      return false;
    }
    auto video = store_.get_video(video_);
    if (!video && video.error().code == store::ErrorCode::kNotFound) gone_ = true;
    return gone_.load();
  }

 private:
  const store::Store& store_;
  std::string video_;
  const std::atomic<bool>& stopping_;
  std::atomic<int64_t> next_check_{0};
  std::atomic<bool> gone_{false};
};

void remove_quietly(const std::filesystem::path& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

}  // namespace

JobRunner::JobRunner(store::Store& store, DataLayout layout, RunnerConfig config,
                     core::log::Logger& log, core::metrics::Registry& metrics)
    : store_(store),
      layout_(std::move(layout)),
      config_(std::move(config)),
      log_(log),
      metrics_(metrics) {}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::start() {
  for (int i = 0; i < std::max(config_.workers, 1); ++i)
    threads_.emplace_back([this] { work(); });
}

void JobRunner::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_one();
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_)
    thread.join();
  threads_.clear();
}

void JobRunner::work() {
  while (!stopping_) {
    auto job = store_.claim_job();
    if (job && *job) {
      run(**job, {});
      continue;
    }
    if (!job) log_.error("cannot claim a job", {{"error", job.error().what}});
    // Nothing due: sleep until a job is queued, or a retry may have come due.
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, kIdleWait, [this] { return stopping_ || notified_; });
    notified_ = false;
  }
}

JobOutcome JobRunner::run_now(std::string_view video, std::function<void(double)> progress) {
  auto job = store_.claim_job(video);
  if (!job || !*job) return JobOutcome::kError;
  return run(**job, std::move(progress));
}

JobOutcome JobRunner::run(const store::Job& job, std::function<void(double)> progress) {
  std::filesystem::path staging = layout_.staging_dir(job.video, job.attempts);
  remove_quietly(staging);
  log_.info("transcode started", {{"video", job.video}, {"attempt", job.attempts}});
  auto started = std::chrono::steady_clock::now();
  auto result = transcode::transcode(
      layout_.upload_file(job.video), staging, config_.ladder, std::move(progress),
      [probe = std::make_shared<CancelProbe>(store_, job.video, stopping_)] { return (*probe)(); });
  JobOutcome outcome;
  if (result) {
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    metrics_.histogram(families::kTranscodeSeconds).observe(took.count());
    outcome = publish(job, *result);
  } else {
    remove_quietly(staging);
    outcome = settle_failure(job, result.error());
  }
  count(outcome);
  return outcome;
}

JobOutcome JobRunner::publish(const store::Job& job, const transcode::TranscodeResult& result) {
  std::filesystem::path staging = layout_.staging_dir(job.video, job.attempts);
  std::filesystem::path final_dir = layout_.video_dir(job.video);
  // A directory left by a process killed between this rename and the store's update.
  remove_quietly(final_dir);
  std::error_code error;
  std::filesystem::rename(staging, final_dir, error);
  if (error) {
    remove_quietly(staging);
    return settle_failure(
        job, {transcode::ErrorKind::kInternal, "cannot publish the outputs: " + error.message()});
  }
  store::ReadyVideo ready{result.duration_ms, result.source.width, result.source.height,
                          result.renditions};
  auto done = store_.finish_ready(job.video, ready);
  if (!done) {
    // Deleted while it transcoded: the delete may have run before the rename, so the output
    // goes here.
    remove_quietly(final_dir);
    if (done.error().code == store::ErrorCode::kNotFound) return JobOutcome::kCancelled;
    log_.error("cannot mark the video ready", {{"video", job.video}, {"error", done.error().what}});
    return JobOutcome::kError;
  }
  remove_quietly(layout_.upload_file(job.video));
  log_.info("video ready", {{"video", job.video},
                            {"duration_ms", result.duration_ms},
                            {"renditions", result.renditions}});
  return JobOutcome::kReady;
}

JobOutcome JobRunner::settle_failure(const store::Job& job,
                                     const transcode::TranscodeError& error) {
  using transcode::ErrorKind;
  if (error.kind == ErrorKind::kCancelled) {
    if (auto requeued = store_.requeue_job(job.video); !requeued) {
      log_.error("cannot requeue a job", {{"video", job.video}, {"error", requeued.error().what}});
    }
    log_.info("transcode cancelled", {{"video", job.video}});
    return JobOutcome::kCancelled;
  }
  bool last = error.kind == ErrorKind::kBadInput || job.attempts >= config_.max_attempts;
  if (last) {
    auto failed = store_.fail_job(job.video, error.reason);
    if (!failed) {
      if (failed.error().code == store::ErrorCode::kNotFound) return JobOutcome::kCancelled;
      log_.error("cannot mark the video failed",
                 {{"video", job.video}, {"error", failed.error().what}});
      return JobOutcome::kError;
    }
    remove_quietly(layout_.upload_file(job.video));
    log_.warn("video failed", {{"video", job.video}, {"reason", error.reason}});
    return JobOutcome::kFailed;
  }
  int64_t backoff = config_.retry_backoff_s << std::min(job.attempts - 1, 16);
  if (auto retried = store_.retry_job(job.video, store_.now_s() + backoff, error.reason);
      !retried) {
    log_.error("cannot schedule a retry", {{"video", job.video}, {"error", retried.error().what}});
    return JobOutcome::kError;
  }
  log_.warn("transcode failed, will retry", {{"video", job.video},
                                             {"attempt", job.attempts},
                                             {"reason", error.reason},
                                             {"backoff_s", backoff}});
  return JobOutcome::kRetry;
}

void JobRunner::count(JobOutcome outcome) {
  metrics_.counter(families::kJobs, {to_label(outcome)}).inc();
}

}  // namespace origin::api
