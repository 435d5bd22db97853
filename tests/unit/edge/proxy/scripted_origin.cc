// The scripted origin of the client tests, built into this test binary too: each module's
// tests are one binary made from its own folder, and there is no shared test library yet.
#include "tests/unit/core/client/scripted_origin.cc"  // NOLINT(bugprone-suspicious-include)
