// UploadRoutes: requests are checked on the loop; file and LMDB work runs through offload().
#include "origin/api/upload_routes.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/base/unique_handle.h"
#include "origin/api/api_metrics.h"
#include "origin/api/content_range.h"
#include "origin/api/offload.h"

namespace origin::api {
namespace {

using nlohmann::json;
using StoreResult = std::expected<json, store::Error>;

constexpr size_t kMaxCreator = 64;

bool valid_creator(const json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty() || text.size() > kMaxCreator) return false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) return false;
  }
  return true;
}

// Writes all of `bytes` at `offset` of `path` (created if missing) and flushes it to disk, so
// a range recorded as received survives a crash.
std::expected<void, std::string> write_at(const std::filesystem::path& path, std::string_view bytes,
                                          int64_t offset) {
  core::base::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  if (!fd) return std::unexpected("cannot open " + path.string() + ": " + std::strerror(errno));
  while (!bytes.empty()) {
    ssize_t wrote = ::pwrite(fd.get(), bytes.data(), bytes.size(), offset);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0)
      return std::unexpected("cannot write " + path.string() + ": " + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(wrote));
    offset += wrote;
  }
  if (::fdatasync(fd.get()) != 0) {
    return std::unexpected("cannot sync " + path.string() + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace

json upload_json(const store::Upload& upload) {
  json received = json::array();
  for (const store::ByteSpan& span : upload.received.spans())
    received.push_back({span.first, span.last});
  json j{{"video", upload.id},
         {"upload_url", "/api/uploads/" + upload.id},
         {"received", received},
         {"received_bytes", upload.received.bytes()},
         {"complete", upload.size && upload.received.covers(*upload.size)},
         {"completed", upload.completed}};
  j["size"] = upload.size ? json(*upload.size) : json(nullptr);
  return j;
}

void UploadRoutes::create(core::http::Stream& stream) {
  constexpr std::string_view kRoute = "uploads";
  json body = json::parse(stream.request().body, nullptr, false);
  if (!body.is_object() || !valid_creator(body.value("creator", json()))) {
    return replies_.error(stream, kRoute, 400,
                          "expected {\"creator\": string, \"size\"?: integer}");
  }
  std::optional<int64_t> size;
  if (body.contains("size") && !body["size"].is_null()) {
    if (!body["size"].is_number_integer() || body["size"].get<int64_t>() < 0) {
      return replies_.error(stream, kRoute, 400, "size must be a non-negative integer");
    }
    size = body["size"].get<int64_t>();
    if (*size > service_.config().max_upload_bytes) {
      return replies_.error(stream, kRoute, 413, "upload larger than the size limit");
    }
  }
  std::string creator = body["creator"].get<std::string>();
  offload(
      stream, service_, mailbox_,
      [this, creator, size]() -> StoreResult {
        auto upload = service_.store().create_upload(creator, size);
        if (!upload) return std::unexpected(upload.error());
        // The file exists from the start, so an empty upload needs no chunk.
        if (auto made = write_at(service_.layout().upload_file(upload->id), {}, 0); !made) {
          return std::unexpected(store::Error{store::ErrorCode::kStorage, made.error()});
        }
        return upload_json(*upload);
      },
      [this, kRoute](core::http::Stream& s, StoreResult result) {
        if (!result) return replies_.store_error(s, kRoute, result.error());
        core::http::ResponseHead head;
        head.headers.set("location", (*result)["upload_url"].get<std::string>());
        replies_.json(s, kRoute, 201, *result, std::move(head));
      });
}

void UploadRoutes::put_chunk(core::http::Stream& stream, std::string_view id) {
  constexpr std::string_view kRoute = "upload_chunk";
  const core::http::Request& request = stream.request();
  auto header = request.headers.get("content-range");
  if (!header) return replies_.error(stream, kRoute, 400, "Content-Range is required");
  auto range = parse_content_range(*header);
  if (!range) {
    return replies_.error(stream, kRoute, 400, "Content-Range must be bytes first-last/total");
  }
  if (range->total > service_.config().max_upload_bytes) {
    return replies_.error(stream, kRoute, 413, "upload larger than the size limit");
  }
  if (!range->first) {
    if (!request.body.empty())
      return replies_.error(stream, kRoute, 400, "a */total query has no body");
    return status(stream, id);
  }
  if (static_cast<int64_t>(request.body.size()) != range->length()) {
    return replies_.error(stream, kRoute, 400, "body length differs from Content-Range");
  }
  // The body is copied: the stream, and its request, may end while the write runs.
  auto bytes = std::make_shared<const std::string>(request.body);
  offload(
      stream, service_, mailbox_,
      [this, id = std::string(id), range = *range, bytes]() -> StoreResult {
        auto path = service_.layout().upload_file(id);
        auto got = service_.store().receive(id, {*range.first, range.last}, range.total,
                                            [&] { return write_at(path, *bytes, *range.first); });
        if (!got) return std::unexpected(got.error());
        json upload = upload_json(got->upload);
        upload["repeat"] = got->repeat;  // every byte was held already
        return upload;
      },
      [this, kRoute, length = range->length()](core::http::Stream& s, StoreResult result) {
        if (!result) return replies_.store_error(s, kRoute, result.error());
        if (!(*result)["repeat"].get<bool>()) {
          replies_.metrics().counter(families::kUploadBytes).inc(static_cast<uint64_t>(length));
        }
        replies_.json(s, kRoute, 200, *result);
      });
}

void UploadRoutes::status(core::http::Stream& stream, std::string_view id) {
  constexpr std::string_view kRoute = "upload_status";
  offload(
      stream, service_, mailbox_,
      [this, id = std::string(id)]() -> StoreResult {
        auto upload = service_.store().get_upload(id);
        if (!upload) return std::unexpected(upload.error());
        return upload_json(*upload);
      },
      [this, kRoute](core::http::Stream& s, StoreResult result) {
        if (!result) return replies_.store_error(s, kRoute, result.error());
        replies_.json(s, kRoute, 200, *result);
      });
}

}  // namespace origin::api
