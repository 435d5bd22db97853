// Bounded reading of the tool's input: a hostile or mistaken file (a disk image, /dev/zero)
// must not make the tool allocate without limit before the parser's size check.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "manifest/tool/commands.h"

namespace manifest::tool {
namespace {

constexpr size_t kChunk = size_t{64} * 1024;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

std::string os_error() {
  return std::strerror(errno);
}

}  // namespace

std::string display_name(std::string_view path) {
  return path == "-" ? std::string("<stdin>") : std::string(path);
}

std::expected<std::string, std::string> read_input(const std::string& path, size_t max_bytes) {
  std::unique_ptr<std::FILE, FileCloser> owned;
  std::FILE* file = stdin;
  if (path != "-") {
    owned.reset(std::fopen(path.c_str(), "rb"));
    if (!owned) return std::unexpected(os_error());
    file = owned.get();
  }
  std::string text;
  while (true) {
    const size_t old_size = text.size();
    text.resize(old_size + kChunk);
    const size_t got = std::fread(text.data() + old_size, 1, kChunk, file);
    text.resize(old_size + got);
    if (text.size() > max_bytes) {
      return std::unexpected("larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    if (got < kChunk) break;
  }
  if (std::ferror(file)) return std::unexpected(os_error());
  return text;
}

}  // namespace manifest::tool
