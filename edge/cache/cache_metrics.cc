// Label names of the cache's reasons and the disk tier's handles on its metric families.
#include "edge/cache/cache_metrics.h"

namespace edge::cache {

std::string_view to_label(AdmissionRefusal reason) {
  switch (reason) {
    case AdmissionRefusal::kTooLarge:
      return "too_large";
    case AdmissionRefusal::kClosed:
      return "closed";
    case AdmissionRefusal::kBusy:
      return "busy";
    case AdmissionRefusal::kKeyTooLong:
      return "key_too_long";
  }
  return "closed";
}

std::string_view to_label(WriteFailure reason) {
  switch (reason) {
    case WriteFailure::kNoSpace:
      return "no_space";
    case WriteFailure::kIo:
      return "io";
    case WriteFailure::kLengthMismatch:
      return "length_mismatch";
    case WriteFailure::kTooLarge:
      return "too_large";
    case WriteFailure::kIndexFull:
      return "index_full";
  }
  return "io";
}

DiskMetrics::DiskMetrics(core::metrics::Registry& registry)
    : objects(registry.gauge(families::kDiskObjects)),
      bytes(registry.gauge(families::kDiskBytes)),
      budget(registry.gauge(families::kDiskBudget)),
      evictions(registry.counter(families::kDiskEvictions)),
      recovered_dropped(registry.counter(families::kDiskRecoveredDropped)),
      read_errors(registry.counter(families::kDiskReadErrors)),
      open_files(registry.gauge(families::kDiskOpenFiles)),
      reads_on_loop(registry.counter(families::kDiskHitReads, {"loop"})),
      reads_on_io_thread(registry.counter(families::kDiskHitReads, {"io_thread"})) {
  for (size_t i = 0; i < kAdmissionRefusalCount; ++i) {
    refused_[i] = &registry.counter(families::kDiskAdmissionRefused,
                                    {to_label(static_cast<AdmissionRefusal>(i))});
  }
  for (size_t i = 0; i < kWriteFailureCount; ++i) {
    write_failed_[i] =
        &registry.counter(families::kDiskWritesFailed, {to_label(static_cast<WriteFailure>(i))});
  }
}

}  // namespace edge::cache
