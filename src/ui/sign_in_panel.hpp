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

// Draws the form centred in [min, max]. Records `sign-in-form`,
// `sign-in-username`, `sign-in-password`, `sign-in-submit` and, when
// `error` is set, `sign-in-error`. Returns the credentials when submitted;
// the owner clears `form` once signed in, so the password is not kept.
std::optional<Credentials> draw_sign_in_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max,
                                              SignInForm& form, bool busy, const std::string& error,
                                              std::vector<Semantic>& chrome);

}  // namespace dashboard::ui
