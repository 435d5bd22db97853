// CacheShared: the memory tier's admission rule by path.
#include "edge/cache/cache_shared.h"

#include <charconv>

namespace edge::cache {

CacheShared::CacheShared(CacheSettings settings_in, uint64_t memory_budget,
                         std::unique_ptr<DiskTier> disk_in, core::metrics::Registry& registry)
    : settings(std::move(settings_in)),
      memory(memory_budget),
      disk(std::move(disk_in)),
      metrics(registry) {
  metrics.memory_budget.set(static_cast<int64_t>(memory_budget));
}

bool CacheShared::memory_worthy(std::string_view path) const {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.ends_with(".m3u8") || name.starts_with("init.")) return true;
  if (!name.starts_with("seg_")) return false;
  const std::string_view digits = name.substr(4, name.find('.') - 4);
  int index = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  return ec == std::errc() && end == digits.data() + digits.size() &&
         index < settings.memory_first_segments;
}

void CacheShared::count_memory() {
  const MemoryTier::Stats stats = memory.stats();
  metrics.memory_objects.set(static_cast<int64_t>(stats.objects));
  metrics.memory_bytes.set(static_cast<int64_t>(stats.bytes));
}

}  // namespace edge::cache
