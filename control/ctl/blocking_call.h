// One request to controld, waited for: controlctl is a command-line tool, so it runs a private
// event loop until the answer (or the timeout) comes.
#pragma once

#include <chrono>
#include <expected>
#include <string>

#include "core/client/http_endpoint.h"
#include "core/http/message.h"

namespace control::ctl {

std::expected<core::client::HttpReply, std::string> blocking_call(
    const std::string& base_url, const core::http::Request& request,
    std::chrono::milliseconds timeout);

}  // namespace control::ctl
