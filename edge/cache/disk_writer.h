// The I/O-thread side of storing one object: chunks go to DIR/tmp/<id>; on commit the length is
// verified and the file renamed to its object path before the committer indexes it, so a crash
// at any point leaves either a temp file (removed at startup) or a complete object file.
#pragma once

#include <memory>

#include "edge/cache/disk_committer.h"
#include "edge/cache/disk_shared.h"

namespace edge::cache {

// Writes what `job` has pending and, once it has ended, commits or aborts it. Runs on an I/O
// thread; at most one at a time per job (WriteJob::scheduled).
void drain_write(const std::shared_ptr<WriteJob>& job, DiskShared& shared,
                 DiskCommitter& committer);

}  // namespace edge::cache
