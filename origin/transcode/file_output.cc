// Whole-file writes; see file_output.h.
#include "origin/transcode/file_output.h"

#include <cstdio>
#include <system_error>

#include "core/base/unique_handle.h"
#include "origin/transcode/input.h"

namespace origin::transcode {
namespace {

void close_file(std::FILE* file) {
  std::fclose(file);
}
using FileHandle = core::base::UniqueHandle<std::FILE, close_file>;

}  // namespace

std::expected<void, TranscodeError> write_file(const std::filesystem::path& path,
                                               std::string_view bytes) {
  std::filesystem::path partial = path;
  partial += ".part";
  auto failed = [&] {
    std::error_code ec;
    std::filesystem::remove(partial, ec);
    return std::unexpected(internal_error("cannot write " + path.filename().string()));
  };
  {
    FileHandle file(std::fopen(partial.c_str(), "wb"));
    if (!file) return failed();
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
      return failed();
    }
    if (std::fclose(file.release()) != 0) return failed();
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) return failed();
  return {};
}

}  // namespace origin::transcode
