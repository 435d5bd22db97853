// Low-latency HLS (RFC 8216bis sections 4.4.3.7, 4.4.3.8, 4.4.4.9, 4.4.5.2, 4.4.5.3): parts
// within PART-TARGET, the hold-back bounds of EXT-X-SERVER-CONTROL, skips the server allows,
// and no preload hint in a playlist that has ended.
#include "manifest/validate_walk.h"

namespace manifest {
namespace {

void check_part_duration(Walk& walk, uint32_t line, double duration, double part_target) {
  if (duration > part_target) {
    walk.report(line, Rule::kPartAboveTarget,
                concat("EXT-X-PART DURATION=", duration, " exceeds PART-TARGET=", part_target));
  }
}

void finish_server_control(Walk& walk) {
  const MediaWalk& media = walk.media;
  const uint32_t line = media.server_control_line;
  const AttributeList& control = media.server_control;
  const auto skip_until = control.get_number("CAN-SKIP-UNTIL");
  if (control.contains("CAN-SKIP-DATERANGES") && !skip_until) {
    walk.report(line, Rule::kServerControl,
                "EXT-X-SERVER-CONTROL CAN-SKIP-DATERANGES needs CAN-SKIP-UNTIL");
  }
  if (media.target_duration) {
    const double target = static_cast<double>(*media.target_duration);
    if (skip_until && *skip_until < 6 * target) {
      walk.report(line, Rule::kServerControl,
                  concat("EXT-X-SERVER-CONTROL CAN-SKIP-UNTIL=", *skip_until,
                         " is below six target durations (", 6 * target, ")"));
    }
    const auto hold_back = control.get_number("HOLD-BACK");
    if (hold_back && *hold_back < 3 * target) {
      walk.report(line, Rule::kServerControl,
                  concat("EXT-X-SERVER-CONTROL HOLD-BACK=", *hold_back,
                         " is below three target durations (", 3 * target, ")"));
    }
  }
  const auto part_hold_back = control.get_number("PART-HOLD-BACK");
  if (media.part_target && part_hold_back && *part_hold_back < 2 * *media.part_target) {
    walk.report(line, Rule::kServerControl,
                concat("EXT-X-SERVER-CONTROL PART-HOLD-BACK=", *part_hold_back,
                       " is below twice PART-TARGET (", 2 * *media.part_target, ")"));
  }
}

}  // namespace

void check_part(Walk& walk, uint32_t line, const AttributeList& part) {
  check_range_attribute(walk, line, "EXT-X-PART", part, false);
  const double duration = part.get_number("DURATION").value_or(0);
  if (const auto target = walk.media.part_target) {
    check_part_duration(walk, line, duration, *target);
  } else {
    walk.media.unchecked_parts.emplace_back(line, duration);
  }
}

void finish_low_latency(Walk& walk) {
  MediaWalk& media = walk.media;
  const bool part_inf = walk.seen(TagId::kPartInf);
  for (const auto& [line, duration] : media.unchecked_parts) {
    if (const auto target = media.part_target) {
      check_part_duration(walk, line, duration, *target);
    } else if (!part_inf) {
      walk.report(line, Rule::kPartWithoutPartInf,
                  "EXT-X-PART in a playlist without EXT-X-PART-INF");
    }
  }
  if (part_inf && media.server_control_line == 0) {
    walk.report(walk.first_line_of_tag[static_cast<size_t>(TagId::kPartInf)],
                Rule::kMissingAttribute,
                "EXT-X-PART-INF needs EXT-X-SERVER-CONTROL with PART-HOLD-BACK");
  } else if (part_inf && !media.server_control.contains("PART-HOLD-BACK")) {
    walk.report(media.server_control_line, Rule::kMissingAttribute,
                "EXT-X-SERVER-CONTROL lacks PART-HOLD-BACK, required with EXT-X-PART-INF");
  }
  if (media.server_control_line != 0) finish_server_control(walk);
  for (const uint32_t line : media.skip_lines) {
    if (!media.server_control.contains("CAN-SKIP-UNTIL")) {
      walk.report(line, Rule::kSkipWithoutCanSkip,
                  "EXT-X-SKIP in a playlist without EXT-X-SERVER-CONTROL CAN-SKIP-UNTIL");
    }
  }
  if (media.end_list_line != 0) {
    for (const uint32_t line : media.preload_hint_lines) {
      walk.report(line, Rule::kPreloadHintWithEndList,
                  concat("EXT-X-PRELOAD-HINT in a playlist that ends (EXT-X-ENDLIST on line ",
                         media.end_list_line, ")"));
    }
  }
}

}  // namespace manifest
