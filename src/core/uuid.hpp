// uuid: UUID v4 as the event envelope's eventId carries it.
#pragma once

#include <string_view>

namespace dashboard::core {

// True for the canonical 8-4-4-4-12 hex form with version 4 and the RFC 4122
// variant (either case).
bool is_uuid_v4(std::string_view text);

}  // namespace dashboard::core
