// What every worker's handler shares: the store, the data layout, the settings, the job
// runner, the feeds' shared state and event ingestor, and the thread pool that runs blocking
// work off the loops.
#pragma once

#include <memory>

#include "core/base/clock.h"
#include "core/base/disk_io.h"
#include "core/metrics/registry.h"
#include "origin/api/api_config.h"
#include "origin/api/data_layout.h"
#include "origin/api/job_runner.h"
#include "origin/feed/event_ingestor.h"
#include "origin/feed/feed_worker.h"
#include "origin/store/store.h"

namespace origin::api {

class Service {
 public:
  // Every reference must outlive the service; the service must outlive the server's workers.
  Service(store::Store& store, DataLayout layout, ApiConfig config, JobRunner& runner,
          const core::metrics::Exposition& exposition, const core::base::Clock& clock,
          feed::FeedShared feed, feed::EventIngestor& ingestor)
      : store_(store),
        layout_(std::move(layout)),
        config_(config),
        runner_(runner),
        exposition_(exposition),
        clock_(clock),
        feed_(feed),
        ingestor_(ingestor),
        pool_(config.io_threads) {}

  store::Store& store() { return store_; }
  const DataLayout& layout() const { return layout_; }
  const ApiConfig& config() const { return config_; }
  JobRunner& runner() { return runner_; }
  const core::metrics::Exposition& exposition() const { return exposition_; }
  const core::base::Clock& clock() const { return clock_; }
  const feed::FeedShared& feed() const { return feed_; }
  // Any thread.
  feed::EventIngestor& ingestor() { return ingestor_; }
  // Any thread; runs tasks on the blocking pool.
  core::base::DiskIo& pool() { return pool_; }

 private:
  store::Store& store_;
  DataLayout layout_;
  ApiConfig config_;
  JobRunner& runner_;
  const core::metrics::Exposition& exposition_;
  const core::base::Clock& clock_;
  feed::FeedShared feed_;
  feed::EventIngestor& ingestor_;
  core::base::DiskIo pool_;  // last: joined first, while everything its tasks use still lives
};

}  // namespace origin::api
