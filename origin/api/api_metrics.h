// The metrics of origin/api, declared once: API and HLS requests by route and status class,
// upload bytes received, and transcode job attempts by outcome.
#pragma once

#include <string_view>

#include "core/metrics/registry.h"

namespace origin::api::families {

inline constexpr std::string_view kRouteStatusLabels[] = {"route", "status"};
inline constexpr std::string_view kOutcomeLabels[] = {"outcome"};

using core::metrics::FamilySpec;
using core::metrics::Kind;

inline constexpr FamilySpec kRequests{
    "origin_requests_total",
    "Requests answered, by route (uploads, upload_chunk, upload_status, complete, video, "
    "delete, hls, admin, other) and status class (2xx, 3xx, 4xx, 5xx).",
    Kind::kCounter, kRouteStatusLabels};
inline constexpr FamilySpec kUploadBytes{"origin_upload_bytes_total",
                                         "Upload bytes stored (repeated chunks not counted).",
                                         Kind::kCounter};
inline constexpr FamilySpec kJobs{
    "origin_jobs_total",
    "Transcode job attempts, by outcome (ready, failed, retry, cancelled, error).", Kind::kCounter,
    kOutcomeLabels};
inline constexpr double kTranscodeBuckets[] = {1, 2, 5, 10, 20, 30, 60, 120, 300, 600};
inline constexpr FamilySpec kTranscodeSeconds{
    "origin_transcode_seconds",
    "Wall time of transcode attempts that produced a ladder.",
    Kind::kHistogram,
    {},
    kTranscodeBuckets};

}  // namespace origin::api::families
