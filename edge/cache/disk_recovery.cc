// Recovery: reconcile LMDB records with object files after any crash (rules in the header).
#include "edge/cache/disk_recovery.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include "edge/cache/disk_record.h"

namespace edge::cache {
namespace {

constexpr std::string_view kFormatVersion = "1";

uint64_t decode_u64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) {
    value |= uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  }
  return value;
}

uint64_t clear_tmp(const DiskPaths& paths) {
  uint64_t removed = 0;
  std::error_code ec;
  for (const auto& file : std::filesystem::directory_iterator(paths.tmp_dir(), ec)) {
    std::error_code ignored;
    removed += std::filesystem::remove_all(file.path(), ignored) > 0 ? 1 : 0;
  }
  return removed;
}

std::expected<void, std::string> check_format(const core::lmdb::Txn& txn, MDB_dbi meta) {
  auto read = core::lmdb::get(txn, meta, "format");
  if (!read) return std::unexpected(read.error().what);
  const auto& version = *read;
  if (!version) {
    if (auto put = core::lmdb::put(txn, meta, "format", kFormatVersion); !put) {
      return std::unexpected(put.error().what);
    }
  } else if (*version != kFormatVersion) {
    return std::unexpected("disk cache index has format " + std::string(*version) +
                           ", this build reads " + std::string(kFormatVersion));
  }
  return {};
}

// Removes object files whose id has no record; returns how many.
uint64_t remove_orphans(const DiskPaths& paths, const std::unordered_set<uint64_t>& ids) {
  uint64_t removed = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(paths.objects_dir(), ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    auto id = DiskPaths::parse_id(it->path().filename().string());
    if (id && ids.contains(*id) && it->path() == paths.object_file(*id)) continue;
    std::error_code ignored;
    removed += std::filesystem::remove(it->path(), ignored) ? 1 : 0;
  }
  return removed;
}

}  // namespace

std::expected<Recovered, std::string> recover(const DiskPaths& paths, MDB_env* env, MDB_dbi objects,
                                              MDB_dbi meta) {
  Recovered recovered;
  recovered.removed_temps = clear_tmp(paths);

  auto txn = core::lmdb::Txn::begin(env, 0);
  if (!txn) return std::unexpected(txn.error().what);
  if (auto format = check_format(*txn, meta); !format) return std::unexpected(format.error());
  if (auto next = core::lmdb::get(*txn, meta, "next_id"); next) {
    if (const auto& value = *next) recovered.next_id = std::max<uint64_t>(1, decode_u64(*value));
  }

  auto cursor = core::lmdb::open_cursor(*txn, objects);
  if (!cursor) return std::unexpected(cursor.error().what);
  std::unordered_set<uint64_t> ids;
  MDB_val key{};
  MDB_val value{};
  for (int rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_NEXT)) {
    std::optional<DiskRecord> record = decode_record(core::lmdb::view(value));
    struct stat st {};
    bool sound = record && record->id != 0 && !ids.contains(record->id) &&
                 ::stat(paths.object_file(record->id).c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
                 static_cast<uint64_t>(st.st_size) == record->size;
    if (!sound) {
      if (int rc_del = mdb_cursor_del(cursor->get(), 0); rc_del != 0) {
        return std::unexpected(core::lmdb::error(rc_del, "mdb_cursor_del").what);
      }
      ++recovered.dropped_records;
      continue;
    }
    ids.insert(record->id);
    recovered.next_id = std::max(recovered.next_id, record->id + 1);
    auto entry = std::make_shared<DiskEntry>(DiskEntry{std::string(core::lmdb::view(key)),
                                                       record->id, record->size, record->stored_at,
                                                       record->flags, std::move(record->head)});
    recovered.entries.push_back(DiskIndex::Access{std::move(entry), record->last_access});
  }
  cursor->reset();
  if (auto committed = txn->commit(); !committed) return std::unexpected(committed.error().what);

  recovered.removed_orphans = remove_orphans(paths, ids);
  std::stable_sort(recovered.entries.begin(), recovered.entries.end(),
                   [](const auto& a, const auto& b) { return a.access < b.access; });
  return recovered;
}

}  // namespace edge::cache
