// LMDB wrappers: every call's return code becomes an Error naming the call that failed.
#include "core/lmdb/lmdb_env.h"

namespace core::lmdb {

Error error(int code, std::string_view during) {
  return Error{code, std::string(during) + ": " + mdb_strerror(code)};
}

std::expected<Txn, Error> Txn::begin(MDB_env* env, unsigned flags) {
  MDB_txn* txn = nullptr;
  if (int rc = mdb_txn_begin(env, nullptr, flags, &txn); rc != 0) {
    return std::unexpected(error(rc, "mdb_txn_begin"));
  }
  return Txn(txn);
}

std::expected<void, Error> Txn::commit() {
  if (int rc = mdb_txn_commit(txn_.release()); rc != 0) {
    return std::unexpected(error(rc, "mdb_txn_commit"));
  }
  return {};
}

std::expected<Env, Error> open_env(const std::filesystem::path& dir, size_t map_bytes,
                                   unsigned max_dbs) {
  MDB_env* raw = nullptr;
  if (int rc = mdb_env_create(&raw); rc != 0) {
    return std::unexpected(error(rc, "mdb_env_create"));
  }
  Env env(raw);
  if (int rc = mdb_env_set_maxdbs(raw, max_dbs); rc != 0) {
    return std::unexpected(error(rc, "mdb_env_set_maxdbs"));
  }
  if (int rc = mdb_env_set_mapsize(raw, map_bytes); rc != 0) {
    return std::unexpected(error(rc, "mdb_env_set_mapsize"));
  }
  if (int rc = mdb_env_open(raw, dir.c_str(), MDB_NOTLS, 0644); rc != 0) {
    return std::unexpected(error(rc, "mdb_env_open " + dir.string()));
  }
  // Reader slots left by a process killed mid-read would pin old pages forever.
  int dead = 0;
  mdb_reader_check(raw, &dead);
  return env;
}

std::expected<MDB_dbi, Error> open_db(const Txn& txn, const char* name) {
  MDB_dbi dbi = 0;
  if (int rc = mdb_dbi_open(txn.get(), name, MDB_CREATE, &dbi); rc != 0) {
    return std::unexpected(error(rc, std::string("mdb_dbi_open ") + name));
  }
  return dbi;
}

std::expected<Cursor, Error> open_cursor(const Txn& txn, MDB_dbi dbi) {
  MDB_cursor* cursor = nullptr;
  if (int rc = mdb_cursor_open(txn.get(), dbi, &cursor); rc != 0) {
    return std::unexpected(error(rc, "mdb_cursor_open"));
  }
  return Cursor(cursor);
}

std::expected<std::optional<std::string_view>, Error> get(const Txn& txn, MDB_dbi dbi,
                                                          std::string_view key) {
  MDB_val k = val(key);
  MDB_val v{};
  int rc = mdb_get(txn.get(), dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  if (rc != 0) return std::unexpected(error(rc, "mdb_get"));
  return view(v);
}

std::expected<void, Error> put(const Txn& txn, MDB_dbi dbi, std::string_view key,
                               std::string_view value) {
  MDB_val k = val(key);
  MDB_val v = val(value);
  if (int rc = mdb_put(txn.get(), dbi, &k, &v, 0); rc != 0) {
    return std::unexpected(error(rc, "mdb_put"));
  }
  return {};
}

std::expected<bool, Error> del(const Txn& txn, MDB_dbi dbi, std::string_view key) {
  MDB_val k = val(key);
  int rc = mdb_del(txn.get(), dbi, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return std::unexpected(error(rc, "mdb_del"));
  return true;
}

}  // namespace core::lmdb
