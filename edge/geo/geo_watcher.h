// The geo database in use, kept current with its file. A background thread polls the file
// and swaps in a new private copy when the file changed and then held still; readers on the
// event loops take the current database with one atomic load and never wait for a reload.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "edge/geo/geo_database.h"
#include "edge/geo/geo_metrics.h"

namespace edge::geo {

struct GeoWatcherOptions {
  std::string path;
  // How often the file is checked. A changed file is loaded at the check after the one that
  // saw the change, if it has not changed again in between (a file still being written is not).
  std::chrono::milliseconds interval{5000};
};

class GeoWatcher {
 public:
  // Loads the file once on the calling thread (missing or invalid: no database, logged), then
  // starts the polling thread. `log` and `registry` must outlive the watcher.
  GeoWatcher(GeoWatcherOptions options, core::log::Logger& log, core::metrics::Registry& registry);
  ~GeoWatcher();
  GeoWatcher(const GeoWatcher&) = delete;
  GeoWatcher& operator=(const GeoWatcher&) = delete;

  // Ends and joins the polling thread; returns within a check's duration. Idempotent.
  void stop();

  // The database in use, null when none is. The holder keeps it alive across reloads.
  // Thread-safe, never blocks on a reload.
  std::shared_ptr<const GeoDatabase> database() const;
  // The place of an address in the database in use, counted in edge_geo_lookups_total.
  // Thread-safe, never blocks on a reload.
  std::optional<GeoPlace> lookup(const sockaddr& address) const;
  std::optional<GeoPlace> lookup(std::string_view ip) const;

  const GeoMetrics& metrics() const { return metrics_; }

 private:
  // What tells one version of the file from another; nullopt when there is no file.
  struct Signature {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const Signature&) const = default;
  };
  static std::optional<Signature> signature_of(const std::string& path);

  void run();
  void check();
  void load(bool file_exists);
  std::optional<GeoPlace> counted(std::optional<GeoPlace> place, bool have_database) const;

  const GeoWatcherOptions options_;
  core::log::Logger& log_;
  mutable GeoMetrics metrics_;
  std::atomic<std::shared_ptr<const GeoDatabase>> current_;
  // The polling thread's own: the file as last seen, and as last loaded (or failed to load).
  std::optional<Signature> seen_;
  std::optional<Signature> acted_on_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above is ready
};

}  // namespace edge::geo
