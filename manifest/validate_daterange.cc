// EXT-X-DATERANGE (RFC 8216bis section 4.4.5.1): dates that parse and agree with DURATION,
// END-ON-NEXT with CLASS and without an end, CUE, and the tags of one ID that must agree.
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

// Tags with one ID describe one range: later ones may add attributes, never change one. The
// attributes known so far for the ID are returned, to check the range as a whole.
const AttributeList* merge_same_id(Walk& walk, uint32_t line, const AttributeList& range) {
  const auto id = range.get_string("ID");
  if (!id) return nullptr;
  auto found = walk.media.date_ranges.find(*id);
  if (found == walk.media.date_ranges.end()) {
    return &walk.media.date_ranges.emplace(std::string(*id), range).first->second;
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
  return &known;
}

void check_cue(Walk& walk, uint32_t line, const AttributeList& range) {
  const auto cue = range.get_string("CUE");
  if (!cue) return;
  bool pre = false;
  bool post = false;
  std::string_view rest = *cue;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view trigger = rest.substr(0, comma);
    pre = pre || trigger == "PRE";
    post = post || trigger == "POST";
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (pre && post) {
    walk.report(line, Rule::kDateRangeAttributes,
                "EXT-X-DATERANGE CUE must not hold both PRE and POST");
  }
}

}  // namespace

void check_date_range(Walk& walk, uint32_t line, const AttributeList& range) {
  if (walk.media.first_date_range_line == 0) walk.media.first_date_range_line = line;
  // Dates are reported where they are written; the range is checked with what earlier tags
  // of its ID gave, since a later tag may omit START-DATE.
  const bool start_valid =
      !range.contains("START-DATE") || date_attribute(walk, line, range, "START-DATE").has_value();
  const bool end_valid =
      !range.contains("END-DATE") || date_attribute(walk, line, range, "END-DATE").has_value();
  check_end_on_next(walk, line, range);
  check_cue(walk, line, range);
  const AttributeList* whole = merge_same_id(walk, line, range);
  if (whole == nullptr) return;
  if (!whole->contains("START-DATE")) {
    walk.report(line, Rule::kMissingAttribute,
                "EXT-X-DATERANGE lacks START-DATE, and no earlier tag with its ID gives one");
    return;
  }
  if (!start_valid || !end_valid || !(range.contains("END-DATE") || range.contains("DURATION"))) {
    return;
  }
  const auto start = parse_date_time(whole->get_string("START-DATE").value_or(""));
  const auto end = parse_date_time(whole->get_string("END-DATE").value_or(""));
  if (!start || !end) return;
  if (*end < *start) {
    walk.report(line, Rule::kDateRangeAttributes,
                "EXT-X-DATERANGE END-DATE is before its START-DATE");
    return;
  }
  const auto duration = whole->get_number("DURATION");
  if (duration && std::fabs(*end - *start - *duration) > 1e-3) {
    walk.report(line, Rule::kDateRangeAttributes,
                concat("EXT-X-DATERANGE DURATION=", *duration,
                       " does not match END-DATE minus START-DATE (", *end - *start, " s)"));
  }
}

}  // namespace manifest
