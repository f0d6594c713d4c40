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
  const std::string with = inbox_->open_with();
  // Unique among the user's tabs: the server matches its echo by clientId.
  inbox_ = std::make_unique<Inbox>(live_.username(), "tab" + std::to_string(now_));
  inbox_->open_thread(with);
  list_state_ = ReadState::Idle;
  thread_state_ = with.empty() ? ReadState::Idle : ReadState::Loading;
  error_.clear();
  list_in_flight_ = thread_in_flight_ = older_in_flight_ = read_in_flight_ = false;
}

void MessagesClient::update(core::UnixMillis now) {
  now_ = now;
  if (live_.generation() != live_generation_ || inbox_->me() != live_.username()) {
    live_generation_ = live_.generation();
    reset();
  }
  follow_stream();
  if (!requests_.can_send()) return;
  if (list_state_ == ReadState::Idle && !list_in_flight_) read_list();
  if (!inbox_->open_with().empty() && thread_state_ == ReadState::Loading && !thread_in_flight_) {
    read_thread(false);
  }
  mark_read();
}

void MessagesClient::follow_stream() {
  core::client::MessagingSteps steps = live_.take_messaging();
  for (const core::DashboardEvent& event : steps.events) {
    const std::optional<core::client::Alert> alert = inbox_->apply(event);
    if (alert && alert->toast) {
      toasts_.push_back({Toast::Kind::Info, alert->text, "", "", "", 5000});
    }
  }
  // The stream jumped: what was read may lack events that will never come.
  if (steps.missed) {
    if (list_state_ == ReadState::Shown) list_state_ = ReadState::Idle;
    if (thread_state_ == ReadState::Shown) thread_state_ = ReadState::Loading;
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
  requests_.send(api_request("POST", conversation_path(with) + "/read", "{}", {}), now_,
                 [this](const HttpResponse&) {
                   // message:read on the stream updates the counts (every tab).
                   read_in_flight_ = false;
                 });
}

// [SECTION] Sends

void MessagesClient::send(const std::string& text) {
  if (inbox_->open_with().empty()) return;
  const std::string client_id = inbox_->send(text, core::format_rfc3339_utc(now_));
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
  requests_.send(api_request("POST", conversation_path(inbox_->open_with()) + "/messages",
                             send_body(text, client_id), {}),
                 now_, [this, client_id](const HttpResponse& response) {
                   if (response.status == 201) {
                     inbox_->confirm(response.body);
                   } else if (response.status == 0) {
                     inbox_->send_failed(client_id, "Not sent: no connection");
                   } else {
                     inbox_->send_failed(client_id,
                                         "Not sent: " + read_api_error(response).message);
                   }
                 });
}

}  // namespace dashboard::app
