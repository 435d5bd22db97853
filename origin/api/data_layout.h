// Where origind keeps its files under --data-dir: the LMDB environment, uploads in progress,
// published videos, and the staging area that transcodes write into before the rename that
// publishes them (on the same filesystem, so the rename is atomic).
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace origin::api {

class DataLayout {
 public:
  explicit DataLayout(std::filesystem::path root) : root_(std::move(root)) {}

  std::filesystem::path db_dir() const { return root_ / "db"; }
  std::filesystem::path upload_file(std::string_view id) const {
    return root_ / "uploads" / (std::string(id) + ".part");
  }
  std::filesystem::path videos_dir() const { return root_ / "v"; }
  std::filesystem::path video_dir(std::string_view id) const { return videos_dir() / id; }
  std::filesystem::path staging_dir(std::string_view id, int attempt) const {
    return root_ / "staging" / (std::string(id) + "-" + std::to_string(attempt));
  }

  // Creates the directories. With `clear_staging` (the daemon, at start) it removes what a
  // killed process left in staging; an ingest beside a running daemon must not. Blocking.
  std::expected<void, std::string> prepare(bool clear_staging) const;

 private:
  std::filesystem::path root_;
};

}  // namespace origin::api
