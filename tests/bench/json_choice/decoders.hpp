// The three candidate decoders. Each takes the document text (not required to
// be NUL-terminated) and never throws.
#pragma once

#include <string_view>

#include "model.hpp"

namespace json_choice {

Result<DashboardView> DecodeViewBoost(std::string_view json);
Result<SummaryUpdatedEvent> DecodeEventBoost(std::string_view json);

Result<DashboardView> DecodeViewRapidJson(std::string_view json);
Result<SummaryUpdatedEvent> DecodeEventRapidJson(std::string_view json);

Result<DashboardView> DecodeViewNlohmann(std::string_view json);
Result<SummaryUpdatedEvent> DecodeEventNlohmann(std::string_view json);

}  // namespace json_choice
