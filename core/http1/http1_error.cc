// Status codes and counter names of http1::Error, in one table so that they cannot drift.
#include "core/http1/http1_error.h"

#include <array>
#include <cstddef>

namespace core::http1 {
namespace {

struct ErrorInfo {
  Error error;
  uint16_t status;
  std::string_view name;
};

constexpr std::array kErrors = {
    ErrorInfo{Error::kBadRequestLine, 400, "bad_request_line"},
    ErrorInfo{Error::kBadRequestTarget, 400, "bad_request_target"},
    ErrorInfo{Error::kUnsupportedVersion, 505, "unsupported_version"},
    ErrorInfo{Error::kRequestLineTooLong, 414, "request_line_too_long"},
    ErrorInfo{Error::kBareLf, 400, "bare_lf"},
    ErrorInfo{Error::kBareCr, 400, "bare_cr"},
    ErrorInfo{Error::kBadFieldName, 400, "bad_field_name"},
    ErrorInfo{Error::kSpaceBeforeColon, 400, "space_before_colon"},
    ErrorInfo{Error::kObsFold, 400, "obs_fold"},
    ErrorInfo{Error::kBadFieldValue, 400, "bad_field_value"},
    ErrorInfo{Error::kHeaderTooLarge, 431, "header_too_large"},
    ErrorInfo{Error::kTooManyFields, 431, "too_many_fields"},
    ErrorInfo{Error::kMissingHost, 400, "missing_host"},
    ErrorInfo{Error::kDuplicateHost, 400, "duplicate_host"},
    ErrorInfo{Error::kBadHost, 400, "bad_host"},
    ErrorInfo{Error::kBadContentLength, 400, "bad_content_length"},
    ErrorInfo{Error::kBadTransferEncoding, 400, "bad_transfer_encoding"},
    ErrorInfo{Error::kUnsupportedTransferCoding, 501, "unsupported_transfer_coding"},
    ErrorInfo{Error::kContentLengthWithTransferEncoding, 400, "content_length_with_te"},
    ErrorInfo{Error::kTransferEncodingInHttp10, 400, "transfer_encoding_in_http10"},
    ErrorInfo{Error::kBadConnection, 400, "bad_connection"},
    ErrorInfo{Error::kBodyTooLarge, 413, "body_too_large"},
    ErrorInfo{Error::kBadChunkSize, 400, "bad_chunk_size"},
    ErrorInfo{Error::kBadChunkExtension, 400, "bad_chunk_extension"},
    ErrorInfo{Error::kChunkLineTooLong, 400, "chunk_line_too_long"},
    ErrorInfo{Error::kBadChunkTerminator, 400, "bad_chunk_terminator"},
    ErrorInfo{Error::kTrailerTooLarge, 431, "trailer_too_large"},
    ErrorInfo{Error::kIncompleteMessage, 400, "incomplete_message"},
    ErrorInfo{Error::kBadStatusLine, 502, "bad_status_line"},
    ErrorInfo{Error::kStatusLineTooLong, 502, "status_line_too_long"},
};

// The table is indexed by the enum value; this keeps the two in the same order.
constexpr bool table_matches_enum() {
  for (size_t i = 0; i < kErrors.size(); ++i) {
    if (static_cast<size_t>(kErrors[i].error) != i) return false;
  }
  return true;
}
static_assert(table_matches_enum(), "kErrors must list every Error in declaration order");
static_assert(kErrors.size() == static_cast<size_t>(Error::kStatusLineTooLong) + 1,
              "kErrors must end with the last Error");

const ErrorInfo& info(Error error) {
  return kErrors[static_cast<size_t>(error)];
}

}  // namespace

uint16_t status_code(Error error) {
  return info(error).status;
}

std::string_view reason_name(Error error) {
  return info(error).name;
}

}  // namespace core::http1
