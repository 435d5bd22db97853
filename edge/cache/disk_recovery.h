// Startup recovery of the disk tier, so that after kill -9 at any moment the index is
// consistent and no partial object is visible:
// - everything in tmp/ is an unfinished write: removed;
// - a record whose file is missing or of another size (a crash between unlink and the
//   record's deletion, or a lost file) is dropped;
// - an object file without a record (a crash between rename and commit) is removed;
// - the LRU order is rebuilt from each record's last access.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "core/lmdb/lmdb_env.h"
#include "edge/cache/disk_index.h"
#include "edge/cache/disk_paths.h"

namespace edge::cache {

struct Recovered {
  std::vector<DiskIndex::Access> entries;  // least recently used first
  uint64_t next_id = 1;                    // above every id ever handed out
  uint64_t dropped_records = 0;
  uint64_t removed_orphans = 0;
  uint64_t removed_temps = 0;
};

// Blocking. Checks (or writes, when new) the format version in `meta`.
std::expected<Recovered, std::string> recover(const DiskPaths& paths, MDB_env* env, MDB_dbi objects,
                                              MDB_dbi meta);

}  // namespace edge::cache
