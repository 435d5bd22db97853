// The process-wide metrics of edge/cache, declared once in one table; the tiers share one
// Registry owned by edged's main. Counters are atomics, so any thread may bump them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/metrics/registry.h"

namespace edge::cache {

// Why the disk tier refused to store an object, as the `reason` label names it.
enum class AdmissionRefusal : uint8_t {
  kTooLarge,    // "too_large": over max_object_bytes
  kClosed,      // "closed": paused after a disk-full or index-full error
  kBusy,        // "busy": the key is being written already
  kKeyTooLong,  // "key_too_long": empty, or longer than LMDB's key limit
};
inline constexpr size_t kAdmissionRefusalCount = 4;
std::string_view to_label(AdmissionRefusal reason);

// Why a disk write was abandoned after it began, as the `reason` label names it.
enum class WriteFailure : uint8_t {
  kNoSpace,         // "no_space": ENOSPC or EDQUOT while writing the file
  kIo,              // "io": any other file error (open, write, rename)
  kLengthMismatch,  // "length_mismatch": the bytes written differ from the expected length
  kTooLarge,        // "too_large": the body grew past max_object_bytes
  kIndexFull,       // "index_full": MDB_MAP_FULL, or another LMDB error, on the commit
};
inline constexpr size_t kWriteFailureCount = 5;
std::string_view to_label(WriteFailure reason);

namespace families {

inline constexpr std::string_view kReasonLabels[] = {"reason"};

using core::metrics::FamilySpec;
using core::metrics::Kind;

inline constexpr FamilySpec kDiskObjects{"edge_cache_disk_objects",
                                         "Objects indexed by the disk tier.", Kind::kGauge};
inline constexpr FamilySpec kDiskBytes{
    "edge_cache_disk_bytes", "Body bytes of the objects indexed by the disk tier.", Kind::kGauge};
inline constexpr FamilySpec kDiskBudget{
    "edge_cache_disk_budget_bytes", "The disk tier's byte budget (--cache-size).", Kind::kGauge};
inline constexpr FamilySpec kDiskEvictions{
    "edge_cache_disk_evictions_total",
    "Objects evicted from the disk tier, least recently used first, to keep the budget.",
    Kind::kCounter};
inline constexpr FamilySpec kDiskAdmissionRefused{
    "edge_cache_disk_admission_refused_total",
    "Objects the disk tier refused to store, by reason (too_large, closed, busy, "
    "key_too_long).",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kDiskWritesFailed{
    "edge_cache_disk_writes_failed_total",
    "Disk writes abandoned after they began, by reason (no_space, io, length_mismatch, "
    "too_large, index_full); nothing of them became visible.",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kDiskRecoveredDropped{
    "edge_cache_disk_recovered_dropped_total",
    "Index records dropped at startup because their file was missing or of the wrong size.",
    Kind::kCounter};
inline constexpr FamilySpec kDiskReadErrors{
    "edge_cache_disk_read_errors_total",
    "Disk tier reads and opens that failed (the object vanished or an I/O error).", Kind::kCounter};

inline constexpr std::string_view kPathLabels[] = {"path"};
inline constexpr FamilySpec kDiskOpenFiles{
    "edge_cache_disk_open_files",
    "Descriptors of served disk objects kept open, so that hits skip open().", Kind::kGauge};
inline constexpr FamilySpec kDiskHitReads{
    "edge_cache_disk_hit_reads_total",
    "Disk hits' opens for sending and bounded reads, by where they ran: loop (a kept descriptor "
    "and bytes in the page cache) or io_thread.",
    Kind::kCounter, kPathLabels};

inline constexpr const FamilySpec* kAll[] = {
    &kDiskObjects,          &kDiskBytes,        &kDiskBudget,           &kDiskEvictions,
    &kDiskAdmissionRefused, &kDiskWritesFailed, &kDiskRecoveredDropped, &kDiskReadErrors,
    &kDiskOpenFiles,        &kDiskHitReads};

}  // namespace families

// The disk tier's handles on its series, looked up once.
class DiskMetrics {
 public:
  explicit DiskMetrics(core::metrics::Registry& registry);
  DiskMetrics(const DiskMetrics&) = delete;
  DiskMetrics& operator=(const DiskMetrics&) = delete;

  void refused(AdmissionRefusal reason) { refused_[static_cast<size_t>(reason)]->inc(); }
  void write_failed(WriteFailure reason) { write_failed_[static_cast<size_t>(reason)]->inc(); }

  core::metrics::Gauge& objects;
  core::metrics::Gauge& bytes;
  core::metrics::Gauge& budget;
  core::metrics::Counter& evictions;
  core::metrics::Counter& recovered_dropped;
  core::metrics::Counter& read_errors;
  core::metrics::Gauge& open_files;
  core::metrics::Counter& reads_on_loop;
  core::metrics::Counter& reads_on_io_thread;

 private:
  std::array<core::metrics::Counter*, kAdmissionRefusalCount> refused_{};
  std::array<core::metrics::Counter*, kWriteFailureCount> write_failed_{};
};

}  // namespace edge::cache
