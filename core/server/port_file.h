// The port file of a daemon started with port 0: tests and scripts read the ports it bound.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace core::server {

// Writes `ports` (Server::ports(), in listener order), one a line, through a rename so that a
// reader never sees half a file. False when the file cannot be written.
bool write_port_file(const std::string& path, const std::vector<uint16_t>& ports);

}  // namespace core::server
