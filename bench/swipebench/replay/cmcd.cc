// CTA-5004 section 3.2: keys in alphabetical order, strings in double quotes with '"' and '\'
// escaped, tokens bare, integers in decimal, a true boolean as the key alone.
#include "bench/swipebench/replay/cmcd.h"

#include <string_view>

namespace swipebench::replay {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

int64_t round_to(int64_t value, int64_t step) {
  return (value + step / 2) / step * step;
}

std::string_view token(ObjectType type) {
  switch (type) {
    case ObjectType::kManifest:
      return "m";
    case ObjectType::kInit:
      return "i";
    case ObjectType::kVideo:
      return "v";
  }
  return "o";
}

}  // namespace

std::string encode_cmcd(const CmcdRequest& r) {
  std::string out;
  auto add = [&out](std::string_view key, std::string_view value) {
    if (!out.empty()) out += ',';
    out += key;
    if (!value.empty()) {
      out += '=';
      out += value;
    }
  };
  // Alphabetical: bl, br, cid, d, mtp, nor, ot, sid, su.
  if (r.bl) add("bl", std::to_string(round_to(std::max<int64_t>(*r.bl, 0), 100)));
  if (r.br) add("br", std::to_string(*r.br));
  if (!r.cid.empty()) add("cid", quoted(r.cid));
  if (r.d) add("d", std::to_string(*r.d));
  if (r.mtp) add("mtp", std::to_string(round_to(*r.mtp, 100)));
  if (r.nor) add("nor", quoted(*r.nor));
  add("ot", token(r.ot));
  if (!r.sid.empty()) add("sid", quoted(r.sid));
  if (r.su) add("su", "");
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string cmcd_query(const CmcdRequest& request) {
  return "CMCD=" + percent_encode(encode_cmcd(request));
}

}  // namespace swipebench::replay
