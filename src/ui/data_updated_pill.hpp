// data_updated_pill: the header's "Data updated" pill, shown for a moment
// when a change made elsewhere (another user, another tab) reached the view
// in front of the person; core/client/data_updated.hpp decides when and how
// strongly. It sits beside the connection indicator, small and quiet (an
// accent dot and outline), fades out, and takes no clicks.
#pragma once

#include <imgui.h>

#include <vector>

#include "ui/card.hpp"

namespace dashboard::ui {

inline constexpr const char* kDataUpdatedLabel = "Data updated";

// Width the pill needs, in device pixels.
float data_updated_pill_width(const DrawContext& ctx);

// Draws the pill with its top-left at `origin` at `opacity` (0 draws
// nothing); records `data-updated` in `chrome` while it shows.
void draw_data_updated_pill(const DrawContext& ctx, ImVec2 origin, float height, float opacity,
                            std::vector<Semantic>& chrome);

}  // namespace dashboard::ui
