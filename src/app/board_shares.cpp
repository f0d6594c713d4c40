// The board client's shares: who the signed-in user shares their board
// with, and the share page's add and remove.
#include <algorithm>
#include <cctype>

#include "app/api_error.hpp"
#include "app/board_client.hpp"
#include "core/client/route.hpp"

namespace dashboard::app {
namespace {

// "username: no user named zed" -> "No user named zed": the field is where
// the message shows.
std::string field_message(std::string message) {
  constexpr std::string_view kPrefix = "username: ";
  if (message.rfind(kPrefix, 0) == 0) message.erase(0, kPrefix.size());
  if (!message.empty()) message[0] = static_cast<char>(std::toupper(message[0]));
  return message;
}

}  // namespace

void BoardClient::want_shares() {
  want_shares_ = true;
  pump();
}

void BoardClient::load_shares() {
  shares_in_flight_ = true;
  request(get_request("/api/shares", ""), [this](const HttpResponse& response) {
    shares_in_flight_ = false;
    if (response.status == 200) {
      auto body = core::client::decode_shares(response.body);
      if (body) {
        shares_ = std::move(*body);
        shares_loaded_ = true;
        return;
      }
      shares_error_ = "The server sent shares this page cannot read.";
      return;
    }
    shares_error_ = read_api_error(response).message;
  });
}

void BoardClient::add_share(std::string username, core::client::BoardRole role) {
  const auto trimmed_begin = username.find_first_not_of(" \t");
  username =
      trimmed_begin == std::string::npos
          ? std::string()
          : username.substr(trimmed_begin, username.find_last_not_of(" \t") - trimmed_begin + 1);
  if (username.empty()) {
    share_form_.error = "Enter a username";
    return;
  }
  if (username == live_.username()) {
    share_form_.error = "That is you: your board is already yours";
    return;
  }
  for (const core::client::Share& s : shares_.owned) {
    if (s.grantee == username && s.role == role) {
      share_form_.error =
          "Already shared with " + username + " as " + std::string(core::client::to_string(role));
      return;
    }
  }
  share_form_ = {.busy = true, .error = {}};
  std::string body = core::client::encode_share_request(username, role);
  if (share_key_.empty() || body != share_body_) {
    share_key_ = keys_.next();
    share_body_ = body;
  }
  HttpRequest req = api_request("POST", "/api/shares", std::move(body), "");
  req.idempotency_key = share_key_;
  request(std::move(req), [this](const HttpResponse& response) {
    share_form_.busy = false;
    if (response.status == 201 || response.status == 200) {
      share_key_.clear();
      share_body_.clear();
      if (auto share = core::client::decode_share(response.body)) {
        std::erase_if(shares_.owned, [&share](const core::client::Share& s) {
          return s.grantee == share->grantee;
        });
        shares_.owned.push_back(std::move(*share));
      }
      share_added_ = true;
      return;
    }
    const ApiError error = read_api_error(response);
    share_form_.error = field_message(error.message);
  });
}

void BoardClient::remove_share(std::string_view id) {
  const auto it = std::find_if(shares_.owned.begin(), shares_.owned.end(),
                               [id](const core::client::Share& s) { return s.id == id; });
  if (it == shares_.owned.end()) return;
  const core::client::Share removed = *it;
  shares_.owned.erase(it);  // at once; back with a toast if refused
  HttpRequest req =
      api_request("DELETE", "/api/shares/" + core::client::encode_path_segment(removed.id), "", "");
  req.idempotency_key = keys_.next();
  request(std::move(req), [this, removed](const HttpResponse& response) {
    if (response.status == 204 || response.status == 404) return;
    shares_.owned.push_back(removed);
    toasts_.push_back({Toast::Kind::Error, "Could not stop sharing with " + removed.grantee,
                       read_api_error(response).message, "", "", kRollbackToastMs});
  });
}

}  // namespace dashboard::app
