// The control plane's metric families, declared once. Per-PoP and per-edge series are made
// when first used; the registry is the loop's own.
#pragma once

#include <string_view>

#include "core/metrics/registry.h"

namespace control::plane::families {

using core::metrics::FamilySpec;
using core::metrics::Kind;

inline constexpr std::string_view kPopLabels[] = {"pop"};
inline constexpr std::string_view kPopResultLabels[] = {"pop", "result"};
inline constexpr std::string_view kEdgeLabels[] = {"pop", "edge"};
inline constexpr std::string_view kRegionLabels[] = {"region"};
inline constexpr std::string_view kReasonLabels[] = {"reason"};

inline constexpr FamilySpec kRounds{
    "control_rounds_total", "Planning rounds started by this replica as leader", Kind::kCounter};
inline constexpr FamilySpec kRoundsSkipped{
    "control_rounds_skipped_total",
    "Planning rounds not run: busy (the last one still runs) or redis (state unreadable)",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kPopRounds{
    "control_pop_rounds_total",
    "PoP rounds by result: planned, drained, or no_feed (no region feed could be read)",
    Kind::kCounter, kPopResultLabels};
inline constexpr FamilySpec kHintsPushed{
    "control_hints_pushed_total", "Hints sent to an edge of the PoP", Kind::kCounter, kPopLabels};
inline constexpr FamilySpec kHintsAcked{
    "control_hints_acked_total", "Hints an edge of the PoP accepted", Kind::kCounter, kPopLabels};
inline constexpr FamilySpec kHintsFailed{"control_hints_failed_total",
                                         "Hints an edge of the PoP refused or never answered",
                                         Kind::kCounter, kPopLabels};
inline constexpr FamilySpec kPlanItems{"control_plan_items", "Items of the PoP's last plan",
                                       Kind::kGauge, kPopLabels};
inline constexpr FamilySpec kPlanBytes{
    "control_plan_bytes", "Bytes of new segments in the PoP's last plan", Kind::kGauge, kPopLabels};
inline constexpr FamilySpec kDrained{"control_pop_drained", "1 when the PoP is drained",
                                     Kind::kGauge, kPopLabels};
inline constexpr FamilySpec kEdgeHealthy{
    "control_edge_healthy", "1 when the edge passes its health checks", Kind::kGauge, kEdgeLabels};
inline constexpr FamilySpec kLeader{"control_leader", "1 while this replica is the leader",
                                    Kind::kGauge};
inline constexpr FamilySpec kOriginErrors{"control_origin_fetch_errors_total",
                                          "Region feeds that could not be fetched or read",
                                          Kind::kCounter, kRegionLabels};
inline constexpr FamilySpec kRedisErrors{
    "control_redis_errors_total", "Redis requests that failed or got no answer", Kind::kCounter};
inline constexpr FamilySpec kRedisUp{"control_redis_up", "1 when the last Redis request worked",
                                     Kind::kGauge};

}  // namespace control::plane::families
