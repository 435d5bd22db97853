// WarmFetch: a warm's response, judged by where it came from and how it ended.
#include "edge/warm/warm_fetch.h"

#include "edge/warm/warm_runner.h"

namespace edge::warm {

WarmFetch::WarmFetch(WarmRunner& runner, prefetch::WarmTask task, std::string key,
                     proxy::ObjectRequest request)
    : runner_(runner), task_(std::move(task)), key_(std::move(key)), request_(std::move(request)) {}

void WarmFetch::start(proxy::ObjectSource& source) {
  fetch_ = source.start(request_, *this);
}

void WarmFetch::on_head(core::http::ResponseHead head) {
  status_ = head.status;
}

void WarmFetch::on_body(core::http::Chunk chunk) {
  bytes_ += chunk.bytes.size();
  if (task_.follow_segments > 0 && status_ == 200) {
    if (body_.size() + chunk.bytes.size() <= kMaxPlaylistBytes) {
      body_.append(chunk.bytes);
    } else {
      body_.clear();
      task_.follow_segments = 0;
    }
  }
  fetch_->resume();
}

void WarmFetch::on_complete() {
  if (status_ != 200) {
    end(prefetch::WarmOutcome::kFailed);
    return;
  }
  // Somebody else's fill or a stored copy answered: this warm fetched nothing itself.
  const bool fetched = fetch_->info().cache_status == "MISS";
  end(fetched ? prefetch::WarmOutcome::kFetched : prefetch::WarmOutcome::kAlreadyCached);
}

void WarmFetch::on_error(proxy::SourceError) {
  end(prefetch::WarmOutcome::kFailed);
}

void WarmFetch::end(prefetch::WarmOutcome outcome) {
  runner_.ended(*this, outcome, bytes_, body_);
}

}  // namespace edge::warm
