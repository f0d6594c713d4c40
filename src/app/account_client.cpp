#include "app/account_client.hpp"

#include <utility>

#include "app/api_error.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {
namespace {

std::string two_fields(const char* a, const std::string& va, const char* b, const std::string& vb) {
  std::string body = "{\"";
  body.append(a).append("\":");
  core::json_text::append_string(body, va);
  body.append(",\"").append(b).append("\":");
  core::json_text::append_string(body, vb);
  body += '}';
  return body;
}

}  // namespace

AccountClient::AccountClient(Transport& transport, LiveClient& live)
    : transport_(transport), live_(live) {}

void AccountClient::want_config() {
  if (signup_ || config_in_flight_) return;
  config_in_flight_ = true;
  transport_.http(get_request("/api/auth/config", ""),
                  [weak = std::weak_ptr<AccountClient*>(self_)](const HttpResponse& response) {
                    const auto self = weak.lock();
                    if (!self) return;
                    AccountClient& c = **self;
                    c.config_in_flight_ = false;
                    // An older server without the route takes no sign-ups.
                    c.signup_ = response.status == 200 &&
                                response.body.find("\"signup\":true") != std::string::npos;
                  });
}

void AccountClient::sign_up(const std::string& username, const std::string& password,
                            const std::string& confirm, core::UnixMillis now) {
  if (form_.busy) return;
  form_ = {.errors = core::client::check_sign_up(username, password, confirm)};
  if (!form_.errors.empty()) return;
  send(core::client::AccountForm::SignUp,
       post_request("/api/auth/signup", two_fields("username", username, "password", password)),
       now);
}

void AccountClient::change_password(const std::string& current, const std::string& next,
                                    const std::string& confirm, core::UnixMillis now) {
  if (form_.busy) return;
  form_ = {.errors = core::client::check_password_change(current, next, confirm)};
  if (!form_.errors.empty()) return;
  send(core::client::AccountForm::ChangePassword,
       api_request("POST", "/api/auth/password",
                   two_fields("currentPassword", current, "newPassword", next), live_.token()),
       now);
}

void AccountClient::send(core::client::AccountForm kind, HttpRequest request,
                         core::UnixMillis now) {
  form_.busy = true;
  transport_.http(std::move(request), [weak = std::weak_ptr<AccountClient*>(self_), kind,
                                       now](const HttpResponse& response) {
    const auto self = weak.lock();
    if (!self) return;
    AccountClient& c = **self;
    c.form_.busy = false;
    // The answer's time, so the new token's renewal is timed from now.
    const core::UnixMillis at = c.live_.clock ? c.live_.clock() : now;
    if ((response.status == 200 || response.status == 201) &&
        c.live_.begin_session(response.body, at)) {
      c.form_.done = true;
      return;
    }
    const ApiError e = read_api_error(response);
    c.form_.errors = core::client::refusal_errors(kind, e.status, e.code, e.field, e.message);
    if (e.status == 401 && kind == core::client::AccountForm::ChangePassword) {
      c.live_.auth_expired(at);  // the session ended meanwhile
    }
  });
}

}  // namespace dashboard::app
