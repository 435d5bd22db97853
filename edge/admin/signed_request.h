// Signed admin requests (POST /_edge/purge, /_edge/prewarm): the scheme lives in core/auth,
// shared with the control plane that signs them; the edge names it here.
#pragma once

#include "core/auth/admin_signature.h"

namespace edge::admin {

using core::auth::sign;
using core::auth::SignatureError;
using core::auth::SignatureVerifier;
using core::auth::to_label;

}  // namespace edge::admin
