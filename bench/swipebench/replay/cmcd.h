// Common Media Client Data (CTA-5004) as a player sends it: the keys of one request, encoded
// as the value of the `CMCD` query parameter (keys sorted, strings quoted, booleans bare).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace swipebench::replay {

// The object type (`ot`) of a request.
enum class ObjectType : uint8_t { kManifest, kInit, kVideo };

struct CmcdRequest {
  std::string sid;  // session id: one per viewer and run
  std::string cid;  // content id: the video
  ObjectType ot = ObjectType::kVideo;
  std::optional<int64_t> br;       // encoded bitrate of the rendition, kbit/s
  std::optional<int64_t> bl;       // buffer length, ms (rounded to 100 ms as the spec says)
  std::optional<int64_t> d;        // object duration, ms
  std::optional<int64_t> mtp;      // measured throughput, kbit/s (rounded to 100)
  std::optional<std::string> nor;  // next object, relative to this request's path
  bool su = false;                 // startup: the clip has not started playing yet
};

// "bl=2300,br=800,cid=\"v1\",d=2000,nor=\"seg_1.m4s\",ot=v,sid=\"s\",su": the list as the
// CMCD-* headers would carry it, before percent-encoding.
std::string encode_cmcd(const CmcdRequest& request);

// "CMCD=<percent-encoded list>", ready to follow '?' or '&'.
std::string cmcd_query(const CmcdRequest& request);

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace swipebench::replay
