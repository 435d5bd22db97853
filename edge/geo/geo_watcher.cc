// Polling rather than inotify: it sees a file replaced by rename, rewritten in place, deleted
// and created again, or behind a bind mount or a Kubernetes ConfigMap's symlink swap alike,
// and a check is one stat every few seconds.
#include "edge/geo/geo_watcher.h"

#include <sys/stat.h>

#include <utility>

namespace edge::geo {

GeoWatcher::GeoWatcher(GeoWatcherOptions options, core::log::Logger& log,
                       core::metrics::Registry& registry)
    : options_(std::move(options)), log_(log), metrics_(registry) {
  seen_ = signature_of(options_.path);
  acted_on_ = seen_;
  load(seen_.has_value());
  thread_ = std::thread([this] { run(); });
}

GeoWatcher::~GeoWatcher() {
  stop();
}

void GeoWatcher::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const GeoDatabase> GeoWatcher::database() const {
  return current_.load(std::memory_order_acquire);
}

std::optional<GeoPlace> GeoWatcher::lookup(const sockaddr& address) const {
  const auto database = current_.load(std::memory_order_acquire);
  return counted(database ? database->lookup(address) : std::nullopt, database != nullptr);
}

std::optional<GeoPlace> GeoWatcher::lookup(std::string_view ip) const {
  const auto database = current_.load(std::memory_order_acquire);
  return counted(database ? database->lookup(ip) : std::nullopt, database != nullptr);
}

std::optional<GeoPlace> GeoWatcher::counted(std::optional<GeoPlace> place,
                                            bool have_database) const {
  metrics_.lookup(!have_database ? LookupResult::kNoDatabase
                  : place        ? LookupResult::kFound
                                 : LookupResult::kUnknown);
  return place;
}

std::optional<GeoWatcher::Signature> GeoWatcher::signature_of(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return std::nullopt;
  return Signature{
      .device = status.st_dev,
      .inode = status.st_ino,
      .size = status.st_size,
      .mtime_ns = int64_t{status.st_mtim.tv_sec} * 1'000'000'000 + status.st_mtim.tv_nsec};
}

void GeoWatcher::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) {
    lock.unlock();
    check();
    lock.lock();
  }
}

// A file is acted on once it differs from the version last acted on and matches what the
// previous check saw: a writer still busy changes size or mtime between two checks.
void GeoWatcher::check() {
  const auto now = signature_of(options_.path);
  const bool settled = now == seen_;
  seen_ = now;
  if (now == acted_on_ || !settled) return;
  acted_on_ = now;
  load(now.has_value());
}

void GeoWatcher::load(bool file_exists) {
  auto opened = file_exists ? GeoDatabase::open(options_.path)
                            : std::unexpected(options_.path + ": no such file");
  if (opened) {
    auto database = std::make_shared<const GeoDatabase>(std::move(*opened));
    const uint64_t build_epoch = database->build_epoch();
    log_.info("geo database loaded", {{"path", options_.path},
                                      {"type", database->database_type()},
                                      {"build_epoch", build_epoch}});
    // In use before it is counted, so whoever sees the count finds it in use.
    current_.store(std::move(database), std::memory_order_release);
    metrics_.loaded(build_epoch);
    metrics_.reload(ReloadResult::kOk);
    return;
  }
  metrics_.reload(ReloadResult::kError);
  const auto in_use = current_.load(std::memory_order_acquire);
  if (in_use) {
    log_.error("geo database not reloaded, keeping the one in use",
               {{"error", opened.error()}, {"build_epoch", in_use->build_epoch()}});
  } else {
    log_.error("geo database not loaded, serving every viewer without one",
               {{"error", opened.error()}});
  }
}

}  // namespace edge::geo
