// MaxMind DBs for C++ tests, written at run time by make_test_mmdb.pl beside this file.
#pragma once

#include <expected>
#include <string>
#include <vector>

namespace testsupport {

// Writes a database at `path` holding `networks` ("127.1.0.0/16=DE/EU", "2001:db8::/32=BR",
// see make_test_mmdb.pl for the forms); `options` go before them ("--layout=country_code",
// "--ipv4"). The error says how perl ended; its own message is on the test's stderr.
std::expected<void, std::string> make_test_mmdb(const std::string& path,
                                                const std::vector<std::string>& networks,
                                                const std::vector<std::string>& options = {});

}  // namespace testsupport
