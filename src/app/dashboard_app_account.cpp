// DashboardApp's account pages (sign-in, sign-up, account settings): what
// the shell shows while signed out, and the AccountClient's requests.
#include <imgui.h>

#include <utility>

#include "app/dashboard_app.hpp"

namespace dashboard::app {

void DashboardApp::prepare_account_pages() {
  using core::client::Page;
  shell_.signed_out_page = nullptr;
  shell_.offer_sign_up = false;
  if (live_ == nullptr || account_ == nullptr) return;
  if (live_->needs_sign_in()) {
    account_->want_config();
    shell_.offer_sign_up = account_->signup_enabled() == true;
    if (route_.page == Page::SignUp) {
      shell_.signed_out_page = [this](const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min,
                                      ImVec2 max, ui::ShellOutput& out) {
        return draw_sign_up(ctx, io, min, max, out);
      };
    }
    return;
  }
  if (route_.page == Page::SignUp) {
    // Signed in (a new account, or a visit while signed in): the dashboard.
    for (const char* id : {"sign-up-password", "sign-up-confirm"}) shell_state_.fields[id] = {};
    set_route("/dashboard");
    replacement_ = core::client::route_path(route_);
  }
  if (route_.page == Page::Password && account_->form().done && !password_fields_cleared_) {
    // Changed: the passwords are not kept in the form.
    for (const char* id : {"password-current", "password-new", "password-confirm"}) {
      shell_state_.fields[id].value.clear();
    }
    password_fields_cleared_ = true;
  }
}

float DashboardApp::draw_sign_up(const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min,
                                 ImVec2 max, ui::ShellOutput& out) {
  ui::SignUpView view;
  view.enabled = account_->signup_enabled();
  view.busy = account_->form().busy;
  view.errors = &account_->form().errors;
  const ui::SignUpOutput result =
      ui::draw_sign_up_panel(ctx, min, max, io, view, sign_up_memory_, out.chrome);
  sign_up_request_ = result.submit;
  to_sign_in_ = result.to_sign_in;
  return max.y - min.y;
}

void DashboardApp::act_on_account(const ui::ShellOutput& out, core::UnixMillis now) {
  if ((out.sign_out || out.sign_out_everywhere) && account_ != nullptr) {
    account_->reset_form();  // the next person starts from an empty form
    password_memory_ = {};
    for (const char* id : {"password-current", "password-new", "password-confirm"}) {
      shell_state_.fields[id].value.clear();
    }
  }
  if (out.open_sign_up) navigate("/signup");
  if (out.open_account) navigate("/account/password");
  if (std::exchange(to_sign_in_, false)) navigate("/dashboard");
  if (account_ == nullptr) return;
  if (const auto r = std::exchange(sign_up_request_, std::nullopt)) {
    account_->sign_up(r->username, r->password, r->confirm, now);
  }
  if (const auto r = std::exchange(password_request_, std::nullopt)) {
    password_fields_cleared_ = false;
    account_->change_password(r->current, r->next, r->confirm, now);
  }
}

}  // namespace dashboard::app
