// PrewarmAdmin: the checks a hint passes before anything is queued, cheapest first.
#include "edge/warm/prewarm_admin.h"

#include <nlohmann/json.hpp>

namespace edge::warm {
namespace {

void answer(core::http::Stream& stream, int status, const nlohmann::json& body) {
  stream.respond_with(status, "application/json", body.dump() + "\n");
}

}  // namespace

PrewarmAdmin::PrewarmAdmin(Warmer& warmer, cache::CacheAdmin& cache_admin, std::string admin_secret,
                           const core::base::Clock& clock)
    : warmer_(warmer),
      cache_admin_(cache_admin),
      verifier_(std::move(admin_secret)),
      clock_(clock) {}

void PrewarmAdmin::on_request(core::http::Stream& stream) {
  const core::http::Request& request = stream.request();
  const std::string_view path = request.path();
  if (path == cache::CacheAdmin::kStatsPath &&
      (request.method == "GET" || request.method == "HEAD")) {
    nlohmann::json doc = cache_admin_.stats();
    doc["prewarm"] = warmer_.stats();
    stream.respond_with(200, "application/json", doc.dump() + "\n");
    return;
  }
  if (path != kPrewarmPath) {
    cache_admin_.on_request(stream);
    return;
  }
  if (request.method != "POST") {
    answer(stream, 405, {{"error", "use POST"}});
    return;
  }
  prewarm(stream);
}

void PrewarmAdmin::prewarm(core::http::Stream& stream) {
  const core::http::Request& request = stream.request();
  const int64_t now_s = clock_.unix_seconds();
  if (auto verified = verifier_.verify(request, now_s); !verified) {
    warmer_.metrics().hint(HintResult::kUnsigned);
    answer(stream, 401,
           {{"error", "signature refused"},
            {"reason", std::string(admin::to_label(verified.error()))}});
    return;
  }
  if (request.body.size() > warmer_.settings().hint_limits.max_body_bytes) {
    warmer_.metrics().hint(HintResult::kInvalid);
    answer(
        stream, 413,
        {{"error", "hint larger than " +
                       std::to_string(warmer_.settings().hint_limits.max_body_bytes) + " bytes"}});
    return;
  }
  auto hint = prefetch::parse_hint(request.body, warmer_.settings().hint_limits);
  if (!hint) {
    warmer_.metrics().hint(HintResult::kInvalid);
    answer(stream, 400, {{"error", hint.error()}});
    return;
  }
  if (hint->items.empty()) {
    // A hint without items withdraws an earlier one of the same id.
    warmer_.metrics().hint(HintResult::kAccepted);
    answer(stream, 200, {{"hint", hint->id}, {"cancelled", warmer_.cancel(hint->id)}});
    return;
  }
  if (hint->expires_at <= now_s) {
    warmer_.metrics().hint(HintResult::kExpired);
    answer(stream, 400, {{"error", "expires_at: the hint has expired"}});
    return;
  }
  // After the signature, so an unsigned flood cannot spend the budget of signed hints.
  if (!warmer_.admit_hint()) {
    warmer_.metrics().hint(HintResult::kRateLimited);
    core::http::ResponseHead head;
    head.status = 429;
    head.headers.add("content-type", "application/json");
    head.headers.add("retry-after", "1");
    stream.respond_with(std::move(head), nlohmann::json{{"error", "too many hints"}}.dump() + "\n");
    return;
  }
  const size_t queued = warmer_.accept(*hint);
  warmer_.metrics().hint(HintResult::kAccepted);
  answer(stream, 202, {{"hint", hint->id}, {"items", hint->items.size()}, {"queued", queued}});
}

}  // namespace edge::warm
