// Access log lines: request, response, timing, upstream and CMCD keys with their CTA-5004
// types kept (numbers as numbers, flags as true, strings and tokens as strings).
#include "edge/access_log.h"

#include <charconv>
#include <string>

namespace edge {
namespace {

nlohmann::json cmcd_value(const proxy::CmcdValue& value) {
  const std::string& text = value.text;
  switch (value.type) {
    case proxy::CmcdValue::Type::kBoolean:
      return true;
    case proxy::CmcdValue::Type::kInteger: {
      int64_t n = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (error == std::errc() && end == text.data() + text.size()) return n;
      return text;
    }
    case proxy::CmcdValue::Type::kDecimal: {
      double d = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (error == std::errc() && end == text.data() + text.size()) return d;
      return text;
    }
    case proxy::CmcdValue::Type::kString:
    case proxy::CmcdValue::Type::kToken:
      return text;
  }
  return text;
}

}  // namespace

nlohmann::json access_line(const proxy::AccessRecord& record,
                           std::chrono::system_clock::time_point now) {
  nlohmann::json cmcd = nlohmann::json::object();
  if (record.cmcd != nullptr) {
    for (const auto& [key, value] : *record.cmcd)
      cmcd[key] = cmcd_value(value);
  }
  double duration_ms = std::chrono::duration<double, std::milli>(record.duration).count();
  return {{"ts", core::log::format_timestamp(now)},
          {"method", record.method},
          {"path", record.path},
          {"query", record.query},
          {"status", record.status},
          {"bytes", record.bytes},
          {"duration_ms", duration_ms},
          {"protocol", core::http::to_string(record.protocol)},
          {"peer", record.peer},
          {"upstream", record.upstream},
          {"cache", record.cache_status},
          {"outcome", record.outcome},
          {"cmcd", std::move(cmcd)}};
}

proxy::AccessLogSink access_log_sink(core::log::Logger& log) {
  return [&log](const proxy::AccessRecord& record) {
    log.write(access_line(record, std::chrono::system_clock::now()));
  };
}

}  // namespace edge
