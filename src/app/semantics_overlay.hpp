// semantics_overlay: what the canvas shows, described for the DOM. The web
// client mirrors it into invisible elements over the canvas (roles,
// accessible names, the shown text and data-testid), so screen readers can
// read the dashboard and tests can select by id.
//
//   std::string json = encode_semantics(app.last_frame(), dpr);
//   if (json != last_json) dashboard_overlay_update(json.c_str());  // only on change
//
// The JSON, in CSS pixels relative to the viewport:
//   {"cards":[{"id":"collection-summary-card","name":"Collection Summary",
//              "x":..,"y":..,"w":..,"h":..,"items":[{"id":"total-mocs-count",
//              "role":"text","text":"64","x":..}]}],
//    "chrome":[{"id":"connection-status","role":"status","text":"Live. ..."}]}
#pragma once

#include <string>
#include <string_view>

#include "ui/app_shell.hpp"

namespace dashboard::app {

// The ARIA role an item's id implies: "button", "status", "alert",
// "textbox", or "text" for plain values.
std::string_view semantic_role(std::string_view id);

// The card's heading for its test id ("Collection Summary"), or the id.
std::string_view card_name(std::string_view test_id);

std::string encode_semantics(const ui::ShellOutput& frame, float dpr);

}  // namespace dashboard::app
