// controlctl's human-readable output: controld's JSON answers as aligned tables.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace control::ctl {

std::string pops_table(const nlohmann::json& pops);
std::string plan_table(const nlohmann::json& plan);
std::string leader_table(const nlohmann::json& leader);

}  // namespace control::ctl
