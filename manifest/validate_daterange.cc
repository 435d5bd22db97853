// EXT-X-DATERANGE (RFC 8216bis section 4.4.5.1): dates that parse and agree with DURATION,
// END-ON-NEXT with CLASS and without an end, and ranges repeated under one ID that agree.
#include <cmath>

#include "manifest/validate_walk.h"

namespace manifest {
namespace {

std::optional<double> date_attribute(Walk& walk, uint32_t line, const AttributeList& range,
                                     std::string_view name) {
  const auto text = range.get_string(name);
  if (!text) return std::nullopt;
  auto seconds = parse_date_time(*text);
  if (!seconds) {
    walk.report(line, Rule::kDateRangeAttributes,
                concat("EXT-X-DATERANGE ", name, "=\"", *text,
                       "\" is not an ISO 8601 date-time with a time zone"));
  }
  return seconds;
}

void check_end_on_next(Walk& walk, uint32_t line, const AttributeList& range) {
  if (!range.contains("END-ON-NEXT")) return;
  if (!range.contains("CLASS")) {
    walk.report(line, Rule::kDateRangeAttributes,
                "EXT-X-DATERANGE with END-ON-NEXT=YES needs a CLASS");
  }
  for (const std::string_view name : {"DURATION", "END-DATE"}) {
    if (range.contains(name)) {
      walk.report(line, Rule::kDateRangeAttributes,
                  concat("EXT-X-DATERANGE with END-ON-NEXT=YES must not have ", name));
    }
  }
}

// Tags with one ID describe one range: an attribute given twice must keep its value.
void check_same_id(Walk& walk, uint32_t line, const AttributeList& range) {
  const auto id = range.get_string("ID");
  if (!id) return;
  auto found = walk.media.date_ranges.find(*id);
  if (found == walk.media.date_ranges.end()) {
    walk.media.date_ranges.emplace(std::string(*id), range);
    return;
  }
  AttributeList& known = found->second;
  for (const Attribute& attribute : range.items()) {
    const AttributeValue* earlier = known.find(attribute.name);
    if (earlier == nullptr) {
      known.set(attribute.name, attribute.value);
    } else if (!(*earlier == attribute.value)) {
      walk.report(line, Rule::kDateRangeAttributes,
                  concat("EXT-X-DATERANGE ID=\"", *id, "\" changes ", attribute.name,
                         " from an earlier tag with this ID"));
    }
  }
}

}  // namespace

void check_date_range(Walk& walk, uint32_t line, const AttributeList& range) {
  if (walk.media.first_date_range_line == 0) walk.media.first_date_range_line = line;
  const auto start = date_attribute(walk, line, range, "START-DATE");
  const auto end = date_attribute(walk, line, range, "END-DATE");
  if (start && end && *end < *start) {
    walk.report(line, Rule::kDateRangeAttributes,
                "EXT-X-DATERANGE END-DATE is before its START-DATE");
  }
  const auto duration = range.get_number("DURATION");
  if (start && end && duration && *end >= *start && std::fabs(*end - *start - *duration) > 1e-3) {
    walk.report(line, Rule::kDateRangeAttributes,
                concat("EXT-X-DATERANGE DURATION=", *duration,
                       " does not match END-DATE minus START-DATE (", *end - *start, " s)"));
  }
  check_end_on_next(walk, line, range);
  check_same_id(walk, line, range);
}

}  // namespace manifest
