#include "app/messages_client.hpp"

#include <algorithm>
#include <utility>

#include "app/api_error.hpp"
#include "core/client/route.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {
namespace {

using core::client::encode_path_segment;
using core::client::Inbox;

constexpr int kPageSize = 50;

// {"text": ..., "clientId": ...}: the send's body.
std::string send_body(const std::string& text, const std::string& client_id) {
  std::string body = "{\"text\":";
  core::json_text::append_string(body, text);
  body += ",\"clientId\":";
  core::json_text::append_string(body, client_id);
  return body + "}";
}

}  // namespace

MessagesClient::MessagesClient(Transport& transport, LiveClient& live)
    : live_(live), requests_(transport, live), inbox_(std::make_unique<Inbox>("", "")) {}

void MessagesClient::reset() {
  requests_.reset();  // answers on their way belong to the old session
  send_keys_.clear();
  const std::string with = inbox_->open_with();
  // Unique among the user's tabs: the server matches its echo by clientId.
  inbox_ = std::make_unique<Inbox>(live_.username(), "tab" + std::to_string(now_));
  inbox_->open_thread(with);
  list_state_ = ReadState::Idle;
  thread_state_ = with.empty() ? ReadState::Idle : ReadState::Loading;
  error_.clear();
  list_in_flight_ = thread_in_flight_ = older_in_flight_ = read_in_flight_ = false;
  notifications_ = {};
  notifications_state_ = ReadState::Idle;
  notifications_in_flight_ = false;
  preferences_loaded_ = preferences_in_flight_ = false;
}

void MessagesClient::update(core::UnixMillis now) {
  now_ = now;
  if (live_.generation() != live_generation_ || inbox_->me() != live_.username()) {
    live_generation_ = live_.generation();
    reset();
  }
  requests_.update(now);
  follow_stream();
  if (!requests_.can_send()) return;
  if (list_state_ == ReadState::Idle && !list_in_flight_) read_list();
  if (notifications_state_ == ReadState::Idle && !notifications_in_flight_) {
    read_notifications(false);
  }
  if (!preferences_loaded_ && !preferences_in_flight_) read_preferences();
  if (!inbox_->open_with().empty() && thread_state_ == ReadState::Loading && !thread_in_flight_) {
    read_thread(false);
  }
  mark_read();
}

void MessagesClient::follow_stream() {
  core::client::MessagingSteps steps = live_.take_messaging();
  for (const core::DashboardEvent& event : steps.events) {
    if (const std::optional<core::Error> bad = notifications_.apply(event); bad && live_.log) {
      live_.log("skipped " + std::string(core::to_string(event.type())) + ": " + bad->to_string());
    }
    const std::optional<core::client::Alert> alert = inbox_->apply(event);
    if (!alert) continue;
    if (alert->toast) toasts_.push_back({Toast::Kind::Info, alert->text, "", "", "", 5000});
    if (alert->sound || alert->browser) alerts_.push_back(*alert);
  }
  // The stream jumped: what was read may lack events that will never come.
  if (steps.missed) {
    if (list_state_ == ReadState::Shown) list_state_ = ReadState::Idle;
    if (thread_state_ == ReadState::Shown) thread_state_ = ReadState::Loading;
    if (notifications_state_ == ReadState::Shown) notifications_state_ = ReadState::Idle;
    preferences_loaded_ = false;
  }
}

// [SECTION] Reads

void MessagesClient::read_list() {
  list_in_flight_ = true;
  if (list_state_ != ReadState::Shown) list_state_ = ReadState::Loading;
  requests_.send(get_request("/api/conversations", {}), now_, [this](const HttpResponse& response) {
    list_in_flight_ = false;
    if (response.status == 200) {
      if (auto loaded = inbox_->load_conversations(response.body); loaded) {
        list_state_ = ReadState::Shown;
        return;
      } else {
        error_ = "The conversations could not be read: " + loaded.error().to_string();
      }
    } else {
      error_ = read_api_error(response).message;
    }
    list_state_ = ReadState::Failed;
  });
}

std::string MessagesClient::conversation_path(const std::string& with) {
  return "/api/conversations/" + encode_path_segment(with);
}

void MessagesClient::read_thread(bool older) {
  const std::string with = inbox_->open_with();
  std::string path = conversation_path(with) + "/messages?limit=" + std::to_string(kPageSize);
  if (older) {
    if (!inbox_->older_cursor()) return;
    path += "&cursor=" + encode_path_segment(*inbox_->older_cursor());
    older_in_flight_ = true;
  } else {
    thread_in_flight_ = true;
  }
  requests_.send(get_request(path, {}), now_, [this, with, older](const HttpResponse& response) {
    (older ? older_in_flight_ : thread_in_flight_) = false;
    if (with != inbox_->open_with()) return;  // another thread opened meanwhile
    if (response.status == 200) {
      if (auto loaded = inbox_->load_thread_page(response.body, older); loaded) {
        thread_state_ = ReadState::Shown;
        return;
      } else {
        error_ = "The conversation could not be read: " + loaded.error().to_string();
      }
    } else {
      error_ = read_api_error(response).message;
    }
    if (older) {
      toasts_.push_back(
          {Toast::Kind::Error, "Older messages could not be read", error_, "", "", 5000});
      return;
    }
    thread_state_ = response.status == 404 ? ReadState::NotFound : ReadState::Failed;
  });
}

void MessagesClient::want_thread(const std::string& with) {
  if (with == inbox_->open_with()) return;
  inbox_->open_thread(with);
  thread_state_ = with.empty() ? ReadState::Idle : ReadState::Loading;
  error_.clear();
}

void MessagesClient::load_older() {
  if (thread_state_ == ReadState::Shown && !older_in_flight_ && requests_.can_send()) {
    read_thread(true);
  }
}

void MessagesClient::retry() {
  if (list_state_ == ReadState::Failed) list_state_ = ReadState::Idle;
  if (thread_state_ == ReadState::Failed) thread_state_ = ReadState::Loading;
  if (notifications_state_ == ReadState::Failed) notifications_state_ = ReadState::Idle;
  error_.clear();
}

// The open thread is in front of the person: what the other sent is read.
void MessagesClient::mark_read() {
  const std::string& with = inbox_->open_with();
  if (with.empty() || thread_state_ != ReadState::Shown || read_in_flight_) return;
  const auto& list = inbox_->conversations();
  const auto it = std::find_if(list.begin(), list.end(),
                               [&](const auto& c) { return c.with == with && c.unread > 0; });
  if (it == list.end()) return;
  read_in_flight_ = true;
  HttpRequest req = api_request("POST", conversation_path(with) + "/read", "{}", {});
  req.idempotency_key = keys_.next();
  requests_.send(std::move(req), now_, [this](const HttpResponse&) {
    // message:read on the stream updates the counts (every tab).
    read_in_flight_ = false;
  });
}

// [SECTION] Sends

void MessagesClient::send(const std::string& text) {
  if (inbox_->open_with().empty()) return;
  const std::string client_id = inbox_->send(text, core::format_rfc3339_utc(now_));
  send_keys_[client_id] = keys_.next();
  post(client_id, text);
}

void MessagesClient::retry_send(const std::string& client_id) {
  if (const std::optional<std::string> text = inbox_->retry(client_id)) post(client_id, *text);
}

void MessagesClient::post(const std::string& client_id, const std::string& text) {
  if (!requests_.can_send()) {
    inbox_->send_failed(client_id, "Not sent: you are signed out");
    return;
  }
  HttpRequest req = api_request("POST", conversation_path(inbox_->open_with()) + "/messages",
                                send_body(text, client_id), {});
  const auto key = send_keys_.find(client_id);
  if (key != send_keys_.end()) req.idempotency_key = key->second;
  requests_.send(std::move(req), now_, [this, client_id](const HttpResponse& response) {
    if (response.status == 201) {
      send_keys_.erase(client_id);
      inbox_->confirm(response.body);
    } else if (const std::string code = read_api_error(response).code;
               code == "IDEMPOTENT_ANSWER_LOST" || code == "IDEMPOTENCY_KEY_REUSED") {
      // It may have been sent: the thread is read again to show it.
      inbox_->send_failed(client_id,
                          "May have been sent already: the conversation is read "
                          "again to show it");
      if (thread_state_ == ReadState::Shown) thread_state_ = ReadState::Loading;
    } else if (response.status == 0) {
      inbox_->send_failed(client_id, "Not sent: no connection");
    } else {
      inbox_->send_failed(client_id, "Not sent: " + read_api_error(response).message);
    }
  });
}

// [SECTION] Notifications and preferences

void MessagesClient::read_notifications(bool older) {
  std::string path = "/api/notifications?limit=" + std::to_string(kPageSize);
  if (older) {
    if (!notifications_.older_cursor()) return;
    path += "&cursor=" + encode_path_segment(*notifications_.older_cursor());
  }
  notifications_in_flight_ = true;
  if (notifications_state_ != ReadState::Shown) notifications_state_ = ReadState::Loading;
  requests_.send(get_request(path, {}), now_, [this, older](const HttpResponse& response) {
    notifications_in_flight_ = false;
    if (response.status == 200) {
      if (auto loaded = notifications_.load_page(response.body, older); loaded) {
        notifications_state_ = ReadState::Shown;
        return;
      } else {
        error_ = "The notifications could not be read: " + loaded.error().to_string();
      }
    } else {
      error_ = read_api_error(response).message;
    }
    if (!older) notifications_state_ = ReadState::Failed;
  });
}

void MessagesClient::load_older_notifications() {
  if (notifications_state_ == ReadState::Shown && !notifications_in_flight_ &&
      requests_.can_send()) {
    read_notifications(true);
  }
}

void MessagesClient::mark_notification_read(std::optional<std::int64_t> id) {
  if (!requests_.can_send()) return;
  notifications_.mark_read_locally(id);
  const std::string path = id ? "/api/notifications/" + std::to_string(*id) + "/read"
                              : std::string("/api/notifications/read");
  // notifications:read on the stream confirms it (and reaches every tab).
  HttpRequest req = api_request("POST", path, "{}", {});
  req.idempotency_key = keys_.next();
  requests_.send(std::move(req), now_, [this](const HttpResponse& response) {
    if (response.status != 200) {
      toasts_.push_back({Toast::Kind::Error, "Could not mark as read",
                         read_api_error(response).message, "", "", 5000});
      notifications_state_ = ReadState::Idle;  // read again: what the server has
    }
  });
}

void MessagesClient::read_preferences() {
  preferences_in_flight_ = true;
  requests_.send(get_request("/api/notifications/preferences", {}), now_,
                 [this](const HttpResponse& response) {
                   preferences_in_flight_ = false;
                   // Defaults stay when they cannot be read (toast on).
                   preferences_loaded_ = response.status == 200 &&
                                         static_cast<bool>(inbox_->load_preferences(response.body));
                 });
}

void MessagesClient::set_preferences(std::string_view kind, const core::client::KindPrefs& prefs) {
  if (!requests_.can_send()) return;
  const core::client::KindPrefs before = inbox_->prefs(kind);
  if (prefs.browser && !before.browser) permission_wanted_ = true;
  inbox_->set_prefs(kind, prefs);
  HttpRequest req =
      api_request("PUT", "/api/notifications/preferences", inbox_->encode_preferences(), {});
  req.idempotency_key = keys_.next();
  requests_.send(std::move(req), now_,
                 [this, kind = std::string(kind), before](const HttpResponse& response) {
                   if (response.status == 200) return;
                   inbox_->set_prefs(kind, before);  // as it was: the change did not stick
                   toasts_.push_back({Toast::Kind::Error, "Preferences not saved",
                                      read_api_error(response).message, "", "", 5000});
                 });
}

}  // namespace dashboard::app
