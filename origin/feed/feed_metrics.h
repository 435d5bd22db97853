// The metrics of origin/feed, declared once: events kept and refused (by reason), event
// batches by outcome, and feeds served by kind and source with their latency.
#pragma once

#include <string_view>

#include "core/metrics/registry.h"

namespace origin::feed::families {

inline constexpr std::string_view kReasonLabels[] = {"reason"};
inline constexpr std::string_view kOutcomeLabels[] = {"outcome"};
inline constexpr std::string_view kKindSourceLabels[] = {"kind", "source"};
inline constexpr std::string_view kKindLabels[] = {"kind"};

using core::metrics::FamilySpec;
using core::metrics::Kind;

inline constexpr FamilySpec kEventsKept{"origin_events_kept_total",
                                        "Interaction events written to Redis.", Kind::kCounter};
inline constexpr FamilySpec kEventsRefused{
    "origin_events_refused_total",
    "Interaction events refused, by reason (bad_user_id, unknown_video, bad_action, "
    "absurd_watch_ms, absurd_duration_ms, bad_region, ts_ms_out_of_range, not_an_object, "
    "bad_batch, redis_unavailable).",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kBatches{
    "origin_event_batches_total",
    "POST /api/events batches, by outcome (kept, refused, unavailable, busy, redis_error).",
    Kind::kCounter, kOutcomeLabels};
inline constexpr FamilySpec kFeeds{
    "origin_feeds_total",
    "Feeds served, by kind (viewer, region) and source (redis, fallback: the trending kept "
    "for when Redis is away).",
    Kind::kCounter, kKindSourceLabels};
inline constexpr double kFeedBuckets[] = {0.0005, 0.001, 0.002, 0.005, 0.01,
                                          0.02,   0.05,  0.1,   0.25,  1};
inline constexpr FamilySpec kFeedSeconds{"origin_feed_seconds",
                                         "Time to answer a feed request, by kind.",
                                         Kind::kHistogram, kKindLabels, kFeedBuckets};

}  // namespace origin::feed::families
