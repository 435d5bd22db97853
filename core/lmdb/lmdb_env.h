// RAII over LMDB's handles (environment, transaction, cursor) and the few calls the edge's
// cache index and the origin's store make, with errors as std::expected. LMDB returns int
// codes; these keep them (MDB_MAP_FULL matters to the caller) next to a readable message.
#pragma once

#include <lmdb.h>

#include <cstddef>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"

namespace core::lmdb {

struct Error {
  int code = 0;  // MDB_* or errno
  std::string what;
};

using Env = core::base::UniqueHandle<MDB_env, mdb_env_close>;
using Cursor = core::base::UniqueHandle<MDB_cursor, mdb_cursor_close>;

// A transaction aborted on destruction unless committed.
class Txn {
 public:
  static std::expected<Txn, Error> begin(MDB_env* env, unsigned flags);
  MDB_txn* get() const { return txn_.get(); }
  // Commits (LMDB frees the handle either way).
  std::expected<void, Error> commit();

 private:
  explicit Txn(MDB_txn* txn) : txn_(txn) {}
  core::base::UniqueHandle<MDB_txn, mdb_txn_abort> txn_;
};

// Opens (creating) an environment in directory `dir` with `max_dbs` named databases. MDB_NOTLS:
// a read transaction is not tied to the thread that began it.
std::expected<Env, Error> open_env(const std::filesystem::path& dir, size_t map_bytes,
                                   unsigned max_dbs);
// Opens (creating) the named database in `txn`.
std::expected<MDB_dbi, Error> open_db(const Txn& txn, const char* name);
std::expected<Cursor, Error> open_cursor(const Txn& txn, MDB_dbi dbi);

inline MDB_val val(std::string_view bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}
inline std::string_view view(const MDB_val& value) {
  return {static_cast<const char*>(value.mv_data), value.mv_size};
}

// The value of `key`, nullopt when absent. The view lives until the transaction ends.
std::expected<std::optional<std::string_view>, Error> get(const Txn& txn, MDB_dbi dbi,
                                                          std::string_view key);
std::expected<void, Error> put(const Txn& txn, MDB_dbi dbi, std::string_view key,
                               std::string_view value);
// Returns whether the key existed.
std::expected<bool, Error> del(const Txn& txn, MDB_dbi dbi, std::string_view key);

Error error(int code, std::string_view during);

}  // namespace core::lmdb
