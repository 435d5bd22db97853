// The origin fetch behind a fill, on the loop of the worker whose request started it. It reads
// as fast as the origin sends (not at any viewer's pace), shares each chunk through the fill,
// stores the object on disk and, when it belongs there, in memory. The object becomes visible
// only complete and with its length verified; a revalidation answered 304 refreshes the stored
// head instead.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edge/cache/cache_source.h"
#include "edge/cache/fill.h"

namespace edge::cache {

class FillDriver final : public proxy::ObjectObserver {
 public:
  // `request` is the viewer's; the driver asks the origin for the whole object (a GET without
  // Range or the viewer's preconditions), with the validators of `stale` when there is one.
  FillDriver(CacheSource& cache, std::string key, std::shared_ptr<Fill> fill,
             const proxy::ObjectRequest& request, std::optional<StoredObject> stale);
  // Before the end (the worker is going away): the fill fails, so no reader waits forever.
  ~FillDriver() override;
  FillDriver(const FillDriver&) = delete;
  FillDriver& operator=(const FillDriver&) = delete;

  void start();

  void on_head(core::http::ResponseHead head) override;
  void on_body(core::http::Chunk chunk) override;
  void on_complete() override;
  void on_error(proxy::SourceError error) override;

 private:
  // A 304 for `stale`: keeps it under the merged head, or forgets it if that is not storable.
  void refresh(const StoredObject& stale, const core::http::ResponseHead& not_modified);
  // Asks the origin for more unless the fill is a window ahead of its slowest reader.
  void resume_within_window();
  // False when the memory tier did not take it.
  bool store_in_memory(const Freshness& freshness);
  // Releases the fill (unless the disk tier's commit will) and hands the driver to the source
  // for destruction; nothing of `this` may be touched after it.
  void end(bool release_fill = true);

  CacheSource& cache_;
  std::string key_;
  std::shared_ptr<Fill> fill_;
  proxy::ObjectRequest upstream_;
  std::optional<StoredObject> stale_;
  int64_t request_time_ = 0;
  std::optional<Freshness> freshness_;  // set when the response is stored
  core::http::ResponseHead head_;
  std::unique_ptr<DiskWriter> writer_;
  std::vector<core::http::Chunk> memory_chunks_;  // kept only for a memory-tier candidate
  bool memory_candidate_ = false;
  uint64_t bytes_ = 0;
  bool ended_ = false;
  bool closed_ = false;  // released to new readers early, to drop what readers have passed
  bool paused_ = false;  // waiting for the slowest reader
  std::shared_ptr<char> alive_ = std::make_shared<char>();  // guards reader wakes
  std::unique_ptr<proxy::ObjectFetch> fetch_;
};

}  // namespace edge::cache
