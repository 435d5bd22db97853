// The attributes of each attribute-list tag (RFC 8216bis section 4.4): value type, whether
// required, allowed enumerated values; and the checks that read this table. Attributes not in
// the table (client X- attributes, newer ones) are left alone, as clients must ignore them.
#include <algorithm>
#include <array>

#include "manifest/validate_walk.h"

namespace manifest {
namespace {

enum class Expect : uint8_t {
  kInteger,
  kFloat,
  kSignedFloat,
  kQuoted,
  kEnum,
  kHex,
  kResolution,
  kQuotedOrNone
};

struct AttributeSpec {
  TagId tag;
  std::string_view name;
  Expect type;
  bool required = false;
  std::string_view values = {};  // kEnum: the allowed values, separated by '|'; empty: any
};

constexpr std::string_view kYesNo = "YES|NO";
constexpr std::string_view kMethods = "NONE|AES-128|AES-256-GCM|SAMPLE-AES|SAMPLE-AES-CTR";
constexpr std::string_view kHdcp = "TYPE-0|TYPE-1|NONE";
constexpr std::string_view kVideoRange = "SDR|HLG|PQ";

constexpr auto kInt = Expect::kInteger;
constexpr auto kFloat = Expect::kFloat;
constexpr auto kStr = Expect::kQuoted;
constexpr auto kEnum = Expect::kEnum;

constexpr std::array kSpecs{
    AttributeSpec{TagId::kStart, "TIME-OFFSET", Expect::kSignedFloat, true},
    AttributeSpec{TagId::kStart, "PRECISE", kEnum, false, kYesNo},
    AttributeSpec{TagId::kDefine, "NAME", kStr},
    AttributeSpec{TagId::kDefine, "VALUE", kStr},
    AttributeSpec{TagId::kDefine, "IMPORT", kStr},
    AttributeSpec{TagId::kDefine, "QUERYPARAM", kStr},
    AttributeSpec{TagId::kPartInf, "PART-TARGET", kFloat, true},
    AttributeSpec{TagId::kServerControl, "CAN-SKIP-UNTIL", kFloat},
    AttributeSpec{TagId::kServerControl, "CAN-SKIP-DATERANGES", kEnum, false, "YES"},
    AttributeSpec{TagId::kServerControl, "HOLD-BACK", kFloat},
    AttributeSpec{TagId::kServerControl, "PART-HOLD-BACK", kFloat},
    AttributeSpec{TagId::kServerControl, "CAN-BLOCK-RELOAD", kEnum, false, "YES"},
    AttributeSpec{TagId::kKey, "METHOD", kEnum, true, kMethods},
    AttributeSpec{TagId::kKey, "URI", kStr},
    AttributeSpec{TagId::kKey, "IV", Expect::kHex},
    AttributeSpec{TagId::kKey, "KEYFORMAT", kStr},
    AttributeSpec{TagId::kKey, "KEYFORMATVERSIONS", kStr},
    AttributeSpec{TagId::kMap, "URI", kStr, true},
    AttributeSpec{TagId::kMap, "BYTERANGE", kStr},
    AttributeSpec{TagId::kPart, "URI", kStr, true},
    AttributeSpec{TagId::kPart, "DURATION", kFloat, true},
    AttributeSpec{TagId::kPart, "INDEPENDENT", kEnum, false, "YES"},
    AttributeSpec{TagId::kPart, "BYTERANGE", kStr},
    AttributeSpec{TagId::kPart, "GAP", kEnum, false, "YES"},
    AttributeSpec{TagId::kDateRange, "ID", kStr, true},
    AttributeSpec{TagId::kDateRange, "CLASS", kStr},
    AttributeSpec{TagId::kDateRange, "START-DATE", kStr},  // required: see check_date_range
    AttributeSpec{TagId::kDateRange, "CUE", kStr},
    AttributeSpec{TagId::kDateRange, "END-DATE", kStr},
    AttributeSpec{TagId::kDateRange, "DURATION", kFloat},
    AttributeSpec{TagId::kDateRange, "PLANNED-DURATION", kFloat},
    AttributeSpec{TagId::kDateRange, "END-ON-NEXT", kEnum, false, "YES"},
    AttributeSpec{TagId::kDateRange, "SCTE35-CMD", Expect::kHex},
    AttributeSpec{TagId::kDateRange, "SCTE35-OUT", Expect::kHex},
    AttributeSpec{TagId::kDateRange, "SCTE35-IN", Expect::kHex},
    AttributeSpec{TagId::kSkip, "SKIPPED-SEGMENTS", kInt, true},
    AttributeSpec{TagId::kSkip, "RECENTLY-REMOVED-DATERANGES", kStr},
    AttributeSpec{TagId::kPreloadHint, "TYPE", kEnum, true, "PART|MAP"},
    AttributeSpec{TagId::kPreloadHint, "URI", kStr, true},
    AttributeSpec{TagId::kPreloadHint, "BYTERANGE-START", kInt},
    AttributeSpec{TagId::kPreloadHint, "BYTERANGE-LENGTH", kInt},
    AttributeSpec{TagId::kRenditionReport, "URI", kStr, true},
    AttributeSpec{TagId::kRenditionReport, "LAST-MSN", kInt},
    AttributeSpec{TagId::kRenditionReport, "LAST-PART", kInt},
    AttributeSpec{TagId::kMedia, "TYPE", kEnum, true, "AUDIO|VIDEO|SUBTITLES|CLOSED-CAPTIONS"},
    AttributeSpec{TagId::kMedia, "URI", kStr},
    AttributeSpec{TagId::kMedia, "GROUP-ID", kStr, true},
    AttributeSpec{TagId::kMedia, "LANGUAGE", kStr},
    AttributeSpec{TagId::kMedia, "ASSOC-LANGUAGE", kStr},
    AttributeSpec{TagId::kMedia, "NAME", kStr, true},
    AttributeSpec{TagId::kMedia, "STABLE-RENDITION-ID", kStr},
    AttributeSpec{TagId::kMedia, "DEFAULT", kEnum, false, kYesNo},
    AttributeSpec{TagId::kMedia, "AUTOSELECT", kEnum, false, kYesNo},
    AttributeSpec{TagId::kMedia, "FORCED", kEnum, false, kYesNo},
    AttributeSpec{TagId::kMedia, "INSTREAM-ID", kStr},
    AttributeSpec{TagId::kMedia, "BIT-DEPTH", kInt},
    AttributeSpec{TagId::kMedia, "SAMPLE-RATE", kInt},
    AttributeSpec{TagId::kMedia, "CHARACTERISTICS", kStr},
    AttributeSpec{TagId::kMedia, "CHANNELS", kStr},
    AttributeSpec{TagId::kStreamInf, "BANDWIDTH", kInt, true},
    AttributeSpec{TagId::kStreamInf, "AVERAGE-BANDWIDTH", kInt},
    AttributeSpec{TagId::kStreamInf, "SCORE", kFloat},
    AttributeSpec{TagId::kStreamInf, "CODECS", kStr},
    AttributeSpec{TagId::kStreamInf, "SUPPLEMENTAL-CODECS", kStr},
    AttributeSpec{TagId::kStreamInf, "RESOLUTION", Expect::kResolution},
    AttributeSpec{TagId::kStreamInf, "FRAME-RATE", kFloat},
    AttributeSpec{TagId::kStreamInf, "HDCP-LEVEL", kEnum, false, kHdcp},
    AttributeSpec{TagId::kStreamInf, "ALLOWED-CPC", kStr},
    AttributeSpec{TagId::kStreamInf, "VIDEO-RANGE", kEnum, false, kVideoRange},
    AttributeSpec{TagId::kStreamInf, "REQ-VIDEO-LAYOUT", kStr},
    AttributeSpec{TagId::kStreamInf, "STABLE-VARIANT-ID", kStr},
    AttributeSpec{TagId::kStreamInf, "AUDIO", kStr},
    AttributeSpec{TagId::kStreamInf, "VIDEO", kStr},
    AttributeSpec{TagId::kStreamInf, "SUBTITLES", kStr},
    AttributeSpec{TagId::kStreamInf, "CLOSED-CAPTIONS", Expect::kQuotedOrNone},
    AttributeSpec{TagId::kStreamInf, "PATHWAY-ID", kStr},
    AttributeSpec{TagId::kStreamInf, "PROGRAM-ID", kInt},
    AttributeSpec{TagId::kIFrameStreamInf, "BANDWIDTH", kInt, true},
    AttributeSpec{TagId::kIFrameStreamInf, "URI", kStr, true},
    AttributeSpec{TagId::kIFrameStreamInf, "AVERAGE-BANDWIDTH", kInt},
    AttributeSpec{TagId::kIFrameStreamInf, "SCORE", kFloat},
    AttributeSpec{TagId::kIFrameStreamInf, "CODECS", kStr},
    AttributeSpec{TagId::kIFrameStreamInf, "SUPPLEMENTAL-CODECS", kStr},
    AttributeSpec{TagId::kIFrameStreamInf, "RESOLUTION", Expect::kResolution},
    AttributeSpec{TagId::kIFrameStreamInf, "HDCP-LEVEL", kEnum, false, kHdcp},
    AttributeSpec{TagId::kIFrameStreamInf, "ALLOWED-CPC", kStr},
    AttributeSpec{TagId::kIFrameStreamInf, "VIDEO-RANGE", kEnum, false, kVideoRange},
    AttributeSpec{TagId::kIFrameStreamInf, "REQ-VIDEO-LAYOUT", kStr},
    AttributeSpec{TagId::kIFrameStreamInf, "STABLE-VARIANT-ID", kStr},
    AttributeSpec{TagId::kIFrameStreamInf, "VIDEO", kStr},
    AttributeSpec{TagId::kIFrameStreamInf, "PATHWAY-ID", kStr},
    AttributeSpec{TagId::kIFrameStreamInf, "PROGRAM-ID", kInt},
    AttributeSpec{TagId::kSessionData, "DATA-ID", kStr, true},
    AttributeSpec{TagId::kSessionData, "VALUE", kStr},
    AttributeSpec{TagId::kSessionData, "URI", kStr},
    AttributeSpec{TagId::kSessionData, "FORMAT", kEnum, false, "JSON|RAW"},
    AttributeSpec{TagId::kSessionData, "LANGUAGE", kStr},
    AttributeSpec{TagId::kSessionKey, "METHOD", kEnum, true, kMethods},
    AttributeSpec{TagId::kSessionKey, "URI", kStr},
    AttributeSpec{TagId::kSessionKey, "IV", Expect::kHex},
    AttributeSpec{TagId::kSessionKey, "KEYFORMAT", kStr},
    AttributeSpec{TagId::kSessionKey, "KEYFORMATVERSIONS", kStr},
    AttributeSpec{TagId::kContentSteering, "SERVER-URI", kStr, true},
    AttributeSpec{TagId::kContentSteering, "PATHWAY-ID", kStr},
};

std::string_view type_name(AttributeType type) {
  switch (type) {
    case AttributeType::kDecimalInteger:
      return "a decimal-integer";
    case AttributeType::kHexadecimalSequence:
      return "a hexadecimal-sequence";
    case AttributeType::kDecimalFloat:
      return "a decimal-floating-point";
    case AttributeType::kSignedDecimalFloat:
      return "a signed-decimal-floating-point";
    case AttributeType::kQuotedString:
      return "a quoted-string";
    case AttributeType::kEnumeratedString:
      return "an enumerated-string";
    case AttributeType::kResolution:
      return "a decimal-resolution";
  }
  return "a value";
}

std::string_view expected_name(Expect expect) {
  switch (expect) {
    case Expect::kInteger:
      return "a decimal-integer";
    case Expect::kFloat:
      return "a decimal-floating-point";
    case Expect::kSignedFloat:
      return "a signed-decimal-floating-point";
    case Expect::kQuoted:
      return "a quoted-string";
    case Expect::kEnum:
      return "an enumerated-string";
    case Expect::kHex:
      return "a hexadecimal-sequence";
    case Expect::kResolution:
      return "a decimal-resolution (WxH)";
    case Expect::kQuotedOrNone:
      return "a quoted-string or NONE";
  }
  return "a value";
}

bool type_fits(Expect expect, const AttributeValue& value) {
  const AttributeType type = value.type;
  switch (expect) {
    case Expect::kInteger:
      return type == AttributeType::kDecimalInteger;
    case Expect::kFloat:
      return type == AttributeType::kDecimalInteger || type == AttributeType::kDecimalFloat;
    case Expect::kSignedFloat:
      return type == AttributeType::kDecimalInteger || type == AttributeType::kDecimalFloat ||
             type == AttributeType::kSignedDecimalFloat;
    case Expect::kQuoted:
      return type == AttributeType::kQuotedString;
    case Expect::kEnum:
      return type == AttributeType::kEnumeratedString;
    case Expect::kHex:
      return type == AttributeType::kHexadecimalSequence;
    case Expect::kResolution:
      return type == AttributeType::kResolution;
    case Expect::kQuotedOrNone:
      return type == AttributeType::kQuotedString ||
             (type == AttributeType::kEnumeratedString && value.text == "NONE");
  }
  return false;
}

bool enum_allowed(std::string_view values, std::string_view value) {
  while (!values.empty()) {
    const size_t bar = values.find('|');
    if (values.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    values.remove_prefix(bar + 1);
  }
  return false;
}

std::string listed(std::string_view values) {
  std::string out(values);
  std::replace(out.begin(), out.end(), '|', ',');
  return concat("{", out, "}");
}

}  // namespace

void check_attributes(Walk& walk, uint32_t line, const TagInfo& tag, const AttributeList& list) {
  walk.need_version(line, attribute_names_version(list));
  for (const AttributeSpec& spec : kSpecs) {
    if (spec.tag != tag.id) continue;
    const AttributeValue* value = list.find(spec.name);
    if (value == nullptr) {
      if (spec.required) {
        walk.report(line, Rule::kMissingAttribute,
                    concat(tag.name, " lacks the required attribute ", spec.name));
      }
      continue;
    }
    if (!type_fits(spec.type, *value)) {
      walk.report(line, Rule::kBadAttributeType,
                  concat(tag.name, " ", spec.name, " must be ", expected_name(spec.type), ", not ",
                         type_name(value->type)));
    } else if (spec.type == Expect::kEnum && !spec.values.empty() &&
               !enum_allowed(spec.values, value->text)) {
      walk.report(line, Rule::kBadEnumValue,
                  concat(tag.name, " ", spec.name, "=", value->text, " is not one of ",
                         listed(spec.values)));
    }
  }
}

void check_exactly_one(Walk& walk, uint32_t line, std::string_view tag, const AttributeList& list,
                       std::initializer_list<std::string_view> names) {
  std::string all;
  std::string present;
  size_t count = 0;
  for (const std::string_view name : names) {
    all += concat(all.empty() ? "" : ", ", name);
    if (list.contains(name)) {
      present += concat(present.empty() ? "" : " and ", name);
      ++count;
    }
  }
  if (count == 0) {
    walk.report(line, Rule::kMissingAttribute,
                concat(tag, " needs exactly one of ", all, "; it has none"));
  } else if (count > 1) {
    walk.report(line, Rule::kExclusiveAttributes,
                concat(tag, " needs exactly one of ", all, "; it has ", present));
  }
}

void check_key(Walk& walk, uint32_t line, std::string_view tag, const AttributeList& key) {
  const auto method = key.get_enum("METHOD");
  if (!method) return;
  if (*method == "NONE") {
    for (const std::string_view name : {"URI", "IV", "KEYFORMAT", "KEYFORMATVERSIONS"}) {
      if (key.contains(name)) {
        walk.report(line, Rule::kKeyAttributes, concat(tag, " METHOD=NONE must not have ", name));
      }
    }
    return;
  }
  if (!key.contains("URI")) {
    walk.report(line, Rule::kKeyAttributes,
                concat(tag, " METHOD=", *method, " needs a URI for its key"));
  }
  if ((*method == "SAMPLE-AES-CTR" || *method == "AES-256-GCM") && key.contains("IV")) {
    walk.report(line, Rule::kKeyAttributes, concat(tag, " METHOD=", *method, " must not have IV"));
  }
  const AttributeValue* iv = key.find("IV");
  if (iv && iv->type == AttributeType::kHexadecimalSequence && iv->text.size() != 2 + 32) {
    walk.report(line, Rule::kBadAttributeType,
                concat(tag, " IV must be 128 bits (32 hexadecimal digits), not ", iv->text));
  }
}

}  // namespace manifest
