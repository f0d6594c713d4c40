// sign_in_panel: the form that shows instead of the cards when there is no
// valid token (first visit, expired session, AUTH_FAILED on the socket).
// Enter in either field submits, like a web form.
#pragma once

#include <imgui.h>

#include <optional>
#include <vector>

#include "ui/app_shell.hpp"
#include "ui/card.hpp"

namespace dashboard::ui {

// Draws the form centred in [min, max]: the form `sign-in-form` with the
// fields `sign-in-username` (autocomplete username) and `sign-in-password`
// (current-password), so password managers fill and save it, the submit
// button `sign-in-submit` (disabled while `busy`) and, when `error` is
// set, `sign-in-error`. Returns the credentials when submitted; the owner
// clears the password field once signed in, so it is not kept. With
// `offer_sign_up` a link under the button (`sign-in-to-sign-up`) sets
// `sign_up_clicked` when used.
std::optional<Credentials> draw_sign_in_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max,
                                              FieldIo& io, bool busy, const std::string& error,
                                              std::vector<Semantic>& chrome,
                                              bool offer_sign_up = false,
                                              bool* sign_up_clicked = nullptr);

}  // namespace dashboard::ui
