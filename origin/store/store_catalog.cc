// What the feeds read from the store: the ready catalog, a change stamp, imported videos, and
// the regional trending lists kept as a fallback for when Redis is away. A trending record is
// text, one "video score" line per entry, best first.
#include <charconv>

#include "origin/store/ids.h"
#include "origin/store/store.h"
#include "origin/store/store_access.h"

namespace origin::store {

using namespace access;  // NOLINT(google-build-using-namespace): the store's own helpers

namespace {

std::string encode_trending(const Store::Trending& list) {
  std::string out;
  for (const auto& [video, score] : list) {
    out += video;
    out += ' ';
    char number[32];
    auto end = std::to_chars(number, number + sizeof number, score).ptr;
    out.append(number, end);
    out += '\n';
  }
  return out;
}

std::optional<Store::Trending> decode_trending(std::string_view text) {
  Store::Trending list;
  while (!text.empty()) {
    auto newline = text.find('\n');
    if (newline == std::string_view::npos) return std::nullopt;
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline + 1);
    auto space = line.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    double score = 0;
    std::string_view number = line.substr(space + 1);
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), score);
    if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
    list.emplace_back(std::string(line.substr(0, space)), score);
  }
  return list;
}

}  // namespace

Result<std::vector<Video>> Store::ready_videos() const {
  auto txn = read_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto cursor = lmdb::open_cursor(*txn, dbs_.videos);
  if (!cursor) return std::unexpected(storage(cursor.error()));
  std::vector<Video> videos;
  MDB_val key{};
  MDB_val value{};
  for (int rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_NEXT)) {
    auto video = decode_video(lmdb::view(value));
    if (!video) {
      return std::unexpected(
          Error{ErrorCode::kCorrupt, "unreadable video " + std::string(lmdb::view(key))});
    }
    if (video->status == VideoStatus::kReady) videos.push_back(std::move(*video));
  }
  return videos;
}

uint64_t Store::change_stamp() const {
  MDB_envinfo info{};
  mdb_env_info(env_.get(), &info);
  return info.me_last_txnid;
}

Result<void> Store::import_video(const Video& video) {
  if (!is_valid_id(video.id) || video.status != VideoStatus::kReady) {
    return std::unexpected(Error{ErrorCode::kOutOfRange, "not a ready video with a valid id"});
  }
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto existing = find(*txn, dbs_.videos, video.id, decode_video);
  if (!existing) return std::unexpected(existing.error());
  if (*existing)
    return std::unexpected(Error{ErrorCode::kConflict, "video " + video.id + " exists"});
  if (auto put = access::store(*txn, dbs_.videos, video.id, video); !put) return put;
  return commit(*txn);
}

Result<void> Store::put_trending(const std::vector<std::pair<std::string, Trending>>& regions) {
  auto txn = write_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  for (const auto& [region, list] : regions) {
    if (auto put = lmdb::put(*txn, dbs_.trending, region, encode_trending(list)); !put)
      return std::unexpected(storage(put.error()));
  }
  return commit(*txn);
}

Result<std::vector<std::pair<std::string, Store::Trending>>> Store::trending() const {
  auto txn = read_txn(env_.get());
  if (!txn) return std::unexpected(txn.error());
  auto cursor = lmdb::open_cursor(*txn, dbs_.trending);
  if (!cursor) return std::unexpected(storage(cursor.error()));
  std::vector<std::pair<std::string, Trending>> regions;
  MDB_val key{};
  MDB_val value{};
  for (int rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(cursor->get(), &key, &value, MDB_NEXT)) {
    auto list = decode_trending(lmdb::view(value));
    if (!list) {
      return std::unexpected(
          Error{ErrorCode::kCorrupt, "unreadable trending of " + std::string(lmdb::view(key))});
    }
    regions.emplace_back(std::string(lmdb::view(key)), std::move(*list));
  }
  return regions;
}

}  // namespace origin::store
