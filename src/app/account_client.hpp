// account_client: the sign-up and change-password forms' requests. It asks
// the server whether it takes sign-ups (GET /api/auth/config), creates an
// account (POST /api/auth/signup) and changes the signed-in user's
// password (POST /api/auth/password). Both answer like a sign-in ({token,
// expiresAt, user} and a new refresh cookie), which LiveClient takes over
// (begin_session): the new member lands signed in, and after a password
// change this browser continues in a new session while every other one
// ends. Refusals land next to their field (core/client/account_form).
//
//   AccountClient account(transport, live);
//   account.want_config();                        // the sign-in page's "Create an account"
//   account.sign_up("erin", "purple-kite-flying", now);
//   if (account.form().done) go_to("/dashboard");
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/live_client.hpp"
#include "app/transport.hpp"
#include "core/client/account_form.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

struct AccountFormState {
  bool busy = false;  // a request is on its way
  bool done = false;  // the last one succeeded
  core::client::FormErrors errors;
};

class AccountClient {
 public:
  AccountClient(Transport& transport, LiveClient& live);
  AccountClient(const AccountClient&) = delete;
  AccountClient& operator=(const AccountClient&) = delete;

  // Reads GET /api/auth/config once (again after a failure, when asked).
  void want_config();
  // Whether the server takes sign-ups; nullopt until it has said.
  std::optional<bool> signup_enabled() const { return signup_; }

  // Checks the form (core::client::check_sign_up) and, when it passes,
  // creates the account; on success the user is signed in.
  void sign_up(const std::string& username, const std::string& password, const std::string& confirm,
               core::UnixMillis now);

  // Checks the form and changes the password; on success every other
  // session of the user has ended and this one goes on.
  void change_password(const std::string& current, const std::string& next,
                       const std::string& confirm, core::UnixMillis now);

  const AccountFormState& form() const { return form_; }
  // Clears the form's errors and its done flag (the page was left or typed in).
  void reset_form() { form_ = {}; }
  void clear_field_error(std::string_view field) {
    const auto it = form_.errors.fields.find(field);
    if (it != form_.errors.fields.end()) form_.errors.fields.erase(it);
  }

 private:
  void send(core::client::AccountForm kind, HttpRequest request, core::UnixMillis now);

  Transport& transport_;
  LiveClient& live_;
  std::optional<bool> signup_;
  bool config_in_flight_ = false;
  AccountFormState form_;
  // Callbacks that outlive this client find it gone.
  std::shared_ptr<AccountClient*> self_ = std::make_shared<AccountClient*>(this);
};

}  // namespace dashboard::app
