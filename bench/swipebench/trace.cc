// Reading and writing swipe traces. Both readers check every value with the rules of
// trace_fields.h and name the line and field of the first bad one; rows are then sorted by ts_ms
// with a stable sort, so that rows of one instant keep their order.
#include "bench/swipebench/trace.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bench/swipebench/csv.h"
#include "bench/swipebench/trace_fields.h"

namespace swipebench {
namespace {

using Rows = std::expected<Trace, std::string>;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string error_at(std::string_view name, size_t line, std::string_view field,
                     std::string_view why) {
  std::string out = std::string(name) + ":" + std::to_string(line) + ": ";
  if (!field.empty()) out += std::string(field) + ": ";
  return out + std::string(why);
}

std::string too_many_rows(std::string_view name, size_t line, const TraceLimits& limits) {
  return error_at(name, line, "", "more than " + std::to_string(limits.max_rows) + " rows");
}

// One JSON value into its column: integers must be JSON integers, the rest JSON strings.
std::expected<void, std::string> set_json_value(SwipeRow& row, Column column,
                                                const nlohmann::json& value) {
  if (is_integer_column(column)) {
    if (value.is_number_unsigned()) {
      // Past the largest limit is past every limit; clamping keeps the cast defined.
      const uint64_t number = std::min(value.get<uint64_t>(), static_cast<uint64_t>(kMaxTsMs) + 1);
      return set_integer_column(row, column, static_cast<int64_t>(number));
    }
    if (value.is_number_integer()) return set_integer_column(row, column, value.get<int64_t>());
    return std::unexpected("not a non-negative integer");
  }
  if (!value.is_string()) return std::unexpected("not a string");
  return set_column(row, column, value.get_ref<const std::string&>());
}

std::expected<SwipeRow, std::string> parse_json_row(std::string_view line_text,
                                                    std::string_view name, size_t line) {
  // nlohmann reports syntax errors by exception; none leaves this function.
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line_text);
  } catch (const nlohmann::json::parse_error& error) {
    return std::unexpected(
        error_at(name, line, "", "not JSON (at byte " + std::to_string(error.byte) + ")"));
  }
  if (!object.is_object()) return std::unexpected(error_at(name, line, "", "not a JSON object"));
  SwipeRow row;
  std::array<bool, kColumnNames.size()> seen{};
  for (const auto& [key, value] : object.items()) {
    const auto column = column_named(key);
    if (!column) return std::unexpected(error_at(name, line, key, "not a trace column"));
    if (auto set = set_json_value(row, *column, value); !set)
      return std::unexpected(error_at(name, line, key, set.error()));
    seen[static_cast<size_t>(*column)] = true;
  }
  for (Column required : {Column::kTsMs, Column::kUser, Column::kVideo, Column::kWatchMs}) {
    if (!seen[static_cast<size_t>(required)])
      return std::unexpected(error_at(name, line, column_name(required), "missing"));
  }
  return row;
}

Rows parse_json_lines(std::string_view text, std::string_view name, const TraceLimits& limits) {
  Trace trace;
  size_t line = 0;
  while (!text.empty()) {
    ++line;
    const size_t end = text.find('\n');
    std::string_view line_text = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line_text.size() > limits.max_line_bytes) {
      return std::unexpected(error_at(
          name, line, "", "line longer than " + std::to_string(limits.max_line_bytes) + " bytes"));
    }
    if (line_text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (trace.rows.size() == limits.max_rows)
      return std::unexpected(too_many_rows(name, line, limits));
    auto row = parse_json_row(line_text, name, line);
    if (!row) return std::unexpected(row.error());
    trace.rows.push_back(std::move(*row));
  }
  return trace;
}

Rows parse_csv(std::string_view text, std::string_view name, const TraceLimits& limits) {
  CsvReader reader(text, limits.max_line_bytes);
  const auto with_name = [&](const std::string& why) { return std::string(name) + ":" + why; };
  CsvRecord header;
  auto read = reader.next(header);
  if (!read) return std::unexpected(with_name(read.error()));
  if (!*read) return Trace{};
  std::vector<Column> columns;
  std::array<bool, kColumnNames.size()> seen{};
  for (const std::string& field : header.fields) {
    const auto column = column_named(field);
    if (!column) {
      return std::unexpected(
          error_at(name, header.line, "", "'" + field.substr(0, 40) + "' is not a trace column"));
    }
    if (seen[static_cast<size_t>(*column)])
      return std::unexpected(error_at(name, header.line, field, "named twice"));
    seen[static_cast<size_t>(*column)] = true;
    columns.push_back(*column);
  }
  if (columns.size() != kColumnNames.size()) {
    for (size_t i = 0; i < seen.size(); ++i) {
      if (!seen[i]) return std::unexpected(error_at(name, header.line, kColumnNames[i], "missing"));
    }
  }
  Trace trace;
  CsvRecord record;
  while (true) {
    read = reader.next(record);
    if (!read) return std::unexpected(with_name(read.error()));
    if (!*read) return trace;
    if (trace.rows.size() == limits.max_rows)
      return std::unexpected(too_many_rows(name, record.line, limits));
    const auto& fields = record.fields;
    if (fields.size() != columns.size()) {
      return std::unexpected(error_at(name, record.line, "",
                                      std::to_string(fields.size()) + " fields, the header has " +
                                          std::to_string(columns.size())));
    }
    SwipeRow row;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (auto set = set_column(row, columns[i], fields[i]); !set)
        return std::unexpected(error_at(name, record.line, column_name(columns[i]), set.error()));
    }
    trace.rows.push_back(std::move(row));
  }
}

}  // namespace

Rows parse_trace(std::string_view text, std::string_view name, const TraceLimits& limits) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  // The first non-blank character tells the format: '{' opens a JSON line, anything else must
  // be the CSV header.
  const size_t first = text.find_first_not_of(" \t\r\n");
  Rows trace = Trace{};
  if (first == std::string_view::npos) return trace;
  trace = text[first] == '{' ? parse_json_lines(text, name, limits) : parse_csv(text, name, limits);
  if (trace) {
    std::ranges::stable_sort(trace->rows, {}, &SwipeRow::ts_ms);
  }
  return trace;
}

Rows read_trace(const std::string& path, const TraceLimits& limits) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::unexpected(path + ": cannot open");
  file.seekg(0, std::ios::end);
  const std::streamoff size = file.tellg();
  if (size < 0) return std::unexpected(path + ": cannot read");
  if (static_cast<uint64_t>(size) > limits.max_file_bytes) {
    return std::unexpected(path + ": larger than " + std::to_string(limits.max_file_bytes) +
                           " bytes");
  }
  file.seekg(0, std::ios::beg);
  std::string text(static_cast<size_t>(size), '\0');
  if (!file.read(text.data(), size)) return std::unexpected(path + ": cannot read");
  return parse_trace(text, path, limits);
}

std::string format_trace(const Trace& trace, TraceFormat format) {
  std::string out;
  if (format == TraceFormat::kCsv) {
    out = "ts_ms,user,region,ip,video,watch_ms,action\n";
    for (const SwipeRow& row : trace.rows) {
      out += std::to_string(row.ts_ms) + ',' + csv_field(row.user) + ',' + csv_field(row.region) +
             ',' + csv_field(row.ip) + ',' + csv_field(row.video) + ',' +
             std::to_string(row.watch_ms) + ',' + csv_field(row.action) + '\n';
    }
    return out;
  }
  for (const SwipeRow& row : trace.rows) {
    // Keys in the column order, so that a trace reads the same in every tool.
    nlohmann::ordered_json object{
        {"ts_ms", row.ts_ms}, {"user", row.user},         {"region", row.region}, {"ip", row.ip},
        {"video", row.video}, {"watch_ms", row.watch_ms}, {"action", row.action}};
    out += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

std::expected<void, std::string> write_trace(const Trace& trace, const std::string& path,
                                             TraceFormat format) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return std::unexpected(path + ": cannot create");
  const std::string text = format_trace(trace, format);
  file.write(text.data(), static_cast<std::streamsize>(text.size()));
  file.close();
  if (!file) return std::unexpected(path + ": cannot write");
  return {};
}

}  // namespace swipebench
