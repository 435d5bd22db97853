// Typed reads and writes of records inside one LMDB transaction, shared by the store's
// files: an LMDB failure becomes kStorage, an unreadable record kCorrupt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/lmdb/lmdb_env.h"
#include "origin/store/record_codec.h"
#include "origin/store/store.h"

namespace origin::store::access {

namespace lmdb = core::lmdb;

inline Error storage(const lmdb::Error& e) {
  return Error{ErrorCode::kStorage, e.what};
}

inline Error not_found(std::string_view what, std::string_view id) {
  return Error{ErrorCode::kNotFound, std::string(what) + " " + std::string(id) + " not found"};
}

// The record under `key`, nullopt when absent.
template <typename Decode>
auto find(const lmdb::Txn& txn, MDB_dbi dbi, std::string_view key, Decode decode)
    -> Result<decltype(decode(std::string_view{}))> {
  auto bytes = lmdb::get(txn, dbi, key);
  if (!bytes) return std::unexpected(storage(bytes.error()));
  if (!*bytes) return decltype(decode(std::string_view{})){};
  auto record = decode(**bytes);
  if (!record) {
    return std::unexpected(Error{ErrorCode::kCorrupt, "unreadable record " + std::string(key)});
  }
  return record;
}

template <typename Record>
Result<void> store(const lmdb::Txn& txn, MDB_dbi dbi, std::string_view key, const Record& r) {
  if (auto put = lmdb::put(txn, dbi, key, encode(r)); !put) {
    return std::unexpected(storage(put.error()));
  }
  return {};
}

inline Result<void> erase(const lmdb::Txn& txn, MDB_dbi dbi, std::string_view key) {
  if (auto del = lmdb::del(txn, dbi, key); !del) return std::unexpected(storage(del.error()));
  return {};
}

inline Result<lmdb::Txn> write_txn(MDB_env* env) {
  auto txn = lmdb::Txn::begin(env, 0);
  if (!txn) return std::unexpected(storage(txn.error()));
  return std::move(*txn);
}

inline Result<lmdb::Txn> read_txn(MDB_env* env) {
  auto txn = lmdb::Txn::begin(env, MDB_RDONLY);
  if (!txn) return std::unexpected(storage(txn.error()));
  return std::move(*txn);
}

inline Result<void> commit(lmdb::Txn& txn) {
  if (auto done = txn.commit(); !done) return std::unexpected(storage(done.error()));
  return {};
}

}  // namespace origin::store::access
