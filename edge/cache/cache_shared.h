// What every worker's CacheSource shares: the settings, the memory and disk tiers, the fills in
// progress and the metrics. Process-wide; built by edged's main before the workers start and
// destroyed after they have stopped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "edge/cache/cache_key.h"
#include "edge/cache/disk_tier.h"
#include "edge/cache/fill.h"
#include "edge/cache/freshness.h"
#include "edge/cache/lookup_metrics.h"
#include "edge/cache/memory_tier.h"

namespace edge::cache {

struct CacheSettings {
  CachePolicy policy;
  KeyRules keys;
  // Segments seg_0 .. seg_{n-1} of a rendition go to the memory tier with playlists and init
  // segments: what a swipe asks for first.
  int memory_first_segments = 2;
};

struct CacheShared {
  CacheShared(CacheSettings settings, uint64_t memory_budget, std::unique_ptr<DiskTier> disk,
              core::metrics::Registry& registry);

  CacheSettings settings;
  MemoryTier memory;
  std::unique_ptr<DiskTier> disk;  // null: memory only (no --cache-dir)
  FillRegistry fills;
  LookupMetrics metrics;
  // Told about each viewer hit on a warmed object, on the viewer's worker; empty when the edge
  // does not pre-warm. Set before the workers start.
  std::function<void(const std::string& key)> warmed_hit;

  // Whether an object of `path` belongs in the memory tier when it fits there.
  bool memory_worthy(std::string_view path) const;
  // Publishes the memory tier's size to the metrics.
  void count_memory();
};

}  // namespace edge::cache
