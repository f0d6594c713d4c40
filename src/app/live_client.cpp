#include "app/live_client.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"
#include "core/timestamp.hpp"

// [SECTION] Helpers
// [SECTION] Lifecycle      — start, sign in/out, retry, stop
// [SECTION] Timers         — update(): machine, heartbeat, sync requests
// [SECTION] Snapshot and repair requests
// [SECTION] Socket callbacks
// [SECTION] What the UI reads

namespace dashboard::app {

using core::UnixMillis;
using core::client::ClientSignal;
using core::client::ConnectionAction;
using core::client::SyncRequest;

// [SECTION] Helpers

namespace {

constexpr int kEventsPageLimit = 500;
constexpr std::int64_t kFirstRequestRetryMs = 1000;
constexpr std::int64_t kMaxRequestRetryMs = 30000;

// The message of the API's error body {"error":{"code","message"}}, or a
// sentence about the status when the body is not one.
std::string api_error_message(const HttpResponse& response) {
  if (response.status == 0) return "Could not reach the server (" + response.error + ")";
  rapidjson::Document doc;
  core::Error ignored;
  if (core::json_text::parse(response.body, doc, ignored) && doc.IsObject() &&
      doc.HasMember("error") && doc["error"].IsObject() && doc["error"].HasMember("message") &&
      doc["error"]["message"].IsString()) {
    return doc["error"]["message"].GetString();
  }
  return "The server answered " + std::to_string(response.status);
}

}  // namespace

LiveClient::LiveClient(Transport& transport, LiveConfig config, std::function<double()> random)
    : transport_(transport),
      config_(std::move(config)),
      machine_(config_.connection, std::move(random)) {}

void LiveClient::note(std::string_view line) const {
  if (log) log(line);
}

std::string LiveClient::auth_json() const {
  std::string json = "{\"token\":";
  core::json_text::append_string(json, token_);
  if (sync_.has_view()) json += ",\"lastSeq\":" + std::to_string(sync_.last_seq());
  json += '}';
  return json;
}

// [SECTION] Lifecycle

void LiveClient::start(std::string token, std::string username, UnixMillis now) {
  now_ = now;
  stopped_ = false;
  token_ = std::move(token);
  username_ = std::move(username);
  if (token_.empty()) return;  // the sign-in prompt shows
  load_snapshot(now);
  machine_.start(now);
  perform_connection_actions(now);
}

void LiveClient::sign_in(const std::string& username, const std::string& password, UnixMillis now) {
  now_ = now;
  if (signing_in_) return;
  signing_in_ = true;
  sign_in_error_.clear();
  std::string body = "{\"username\":";
  core::json_text::append_string(body, username);
  body += ",\"password\":";
  core::json_text::append_string(body, password);
  body += '}';
  const std::uint64_t generation = generation_;
  transport_.http(post_request("/api/auth/login", std::move(body)),
                  [this, generation](const HttpResponse& response) {
                    if (generation != generation_) return;
                    catch_up_clock();
                    signing_in_ = false;
                    if (response.status != 200 || !begin_session(response.body, now_)) {
                      sign_in_error_ = response.status == 401 ? "Wrong username or password."
                                                              : api_error_message(response);
                      if (response.status == 429 && !sign_in_error_.empty()) {
                        // "too many failed sign-ins; try again in 60 seconds": when to retry.
                        sign_in_error_[0] = static_cast<char>(
                            std::toupper(static_cast<unsigned char>(sign_in_error_[0])));
                        sign_in_error_ += '.';
                      }
                      return;
                    }
                  });
}

bool LiveClient::begin_session(std::string_view login_json, UnixMillis now) {
  now_ = now;
  const std::string previous_user = username_;
  if (!take_login(login_json)) return false;
  sign_in_error_.clear();
  if (username_ != previous_user) sync_.reset();  // someone else's collection
  load_snapshot(now_);
  stopped_ = false;
  if (machine_.status() == core::ConnectionStatus::Offline) {
    machine_.start(now_);  // the first sign-in of this page
  } else {
    machine_.on_new_token(now_);
  }
  perform_connection_actions(now_);
  return true;
}

bool LiveClient::take_login(std::string_view body) {
  rapidjson::Document doc;
  core::Error parse_error;
  if (!core::json_text::parse(body, doc, parse_error) || !doc.IsObject() ||
      !doc.HasMember("token") || !doc["token"].IsString()) {
    return false;
  }
  if (doc.HasMember("user") && doc["user"].IsObject() && doc["user"].HasMember("username") &&
      doc["user"]["username"].IsString()) {
    username_ = doc["user"]["username"].GetString();
  }
  token_ = doc["token"].GetString();
  auth_failed_ = false;
  refresh_at_ = 0;
  if (doc.HasMember("expiresAt") && doc["expiresAt"].IsString()) {
    if (const auto expires = core::parse_rfc3339(doc["expiresAt"].GetString())) {
      // Two thirds in: a 15-minute token is renewed after 10, a 6-second
      // one after 4, leaving time for a slow answer either way.
      refresh_at_ = now_ + std::max<std::int64_t>(0, (*expires - now_) * 2 / 3);
    }
  }
  if (on_token) on_token(token_, username_);
  return true;
}

void LiveClient::refresh_session(bool refused) {
  if (token_.empty()) return;
  if (refused) refresh_after_refusal_ = true;
  if (refreshing_) return;  // the answer in flight serves this call too
  refreshing_ = true;
  const std::uint64_t generation = generation_;
  transport_.http(post_request("/api/auth/refresh", ""),
                  [this, generation, sent_with = token_](const HttpResponse& response) {
                    if (generation != generation_) return;
                    catch_up_clock();
                    refreshing_ = false;
                    const bool resume = std::exchange(refresh_after_refusal_, false);
                    // A new session began meanwhile (a password change ends
                    // the old one and its cookie, and hands over a new token):
                    // this refusal is about the old one.
                    if (response.status != 200 && token_ != sent_with && !auth_failed_) return;
                    if (response.status != 200 || !take_login(response.body)) {
                      refresh_failed(resume, response.status);
                      return;
                    }
                    if (resume) {
                      // The refusal closed the socket or failed a request: go on
                      // with the new token at once.
                      machine_.on_new_token(now_);
                      next_request_at_ = 0;
                      perform_connection_actions(now_);
                      perform_sync_requests();
                    }
                  });
}

void LiveClient::refresh_failed(bool refused, int status) {
  if (refused) {
    // The session is over (signed out elsewhere, a password change, or
    // simply expired): the sign-in form.
    auth_failed_ = true;
    sync_.on_request_failed();
    machine_.on_auth_failed(now_);
    perform_connection_actions(now_);
    return;
  }
  // Ahead of expiry. No session to renew (a client without the cookie, as
  // the native one): keep the token until the server refuses it. The
  // server could not answer (restarting, offline): try again shortly.
  refresh_at_ = status == 401 ? 0 : now_ + kFirstRequestRetryMs * 5;
}

void LiveClient::sign_out(UnixMillis now, bool everywhere) {
  if (!token_.empty()) {
    // Fire and forget: the page signs out whatever the server answers.
    transport_.http(
        api_request("POST", everywhere ? "/api/auth/logout-all" : "/api/auth/logout", "", token_),
        [](const HttpResponse&) {});
  }
  stop(now);
  ++generation_;
  token_.clear();
  username_.clear();
  refresh_at_ = 0;
  refreshing_ = false;
  refresh_after_refusal_ = false;
  sync_.reset();
  topics_ = {};
  topic_acks_.clear();
  emit_acks_.clear();
  catching_up_from_.reset();
  catch_up_target_.reset();
  snapshot_state_ = SnapshotState::Loading;
  sync_request_in_flight_ = false;
  next_request_at_ = 0;
  request_backoff_ms_ = 0;
  if (on_token) on_token("", "");
}

void LiveClient::auth_expired(UnixMillis now) {
  now_ = now;
  if (auth_failed_ || token_.empty()) return;
  refresh_session(true);  // the sign-in form only if the session is over
}

void LiveClient::retry(UnixMillis now) {
  now_ = now;
  stopped_ = false;
  next_request_at_ = 0;
  if (snapshot_state_ == SnapshotState::Failed) snapshot_state_ = SnapshotState::Loading;
  perform_sync_requests();
  machine_.retry_now(now);
  perform_connection_actions(now);
}

void LiveClient::stop(UnixMillis now) {
  now_ = now;
  if (socket_open_) {
    const std::string goodbye = socket_.goodbye();
    if (!goodbye.empty()) transport_.ws_send(goodbye);
  }
  transport_.ws_close();
  socket_open_ = false;
  socket_down();
  stopped_ = true;
  machine_.stop(now);
}

// [SECTION] Timers

void LiveClient::update(UnixMillis now) {
  now_ = now;
  if (stopped_ || token_.empty()) return;
  if (refresh_at_ != 0 && now >= refresh_at_ && !auth_failed_) refresh_session(false);
  machine_.tick(now);
  const std::optional<std::int64_t> unanswered = socket_.unanswered_ms(now);
  if (socket_open_ && socket_.ping_overdue(now)) {
    transport_.ws_close();
    socket_open_ = false;
    socket_down();
    machine_.on_lost(now, "The server stopped answering");
  } else if (socket_open_ && unanswered && *unanswered >= config_.probe_timeout_ms) {
    // Silent, not reset: the socket would wait out TCP's retransmissions.
    transport_.ws_close();
    socket_open_ = false;
    socket_down();
    machine_.on_lost(
        now, "No answer from the server for " + std::to_string((*unanswered + 500) / 1000) + " s");
  }
  if (config_.probe_in_update) send_due_probe(now);
  perform_connection_actions(now);
  perform_sync_requests();
  topics_.update(now);
  perform_topic_requests();
  finish_catch_up();
}

void LiveClient::send_due_probe(UnixMillis now) {
  now_ = now;
  if (!socket_open_ || stopped_) return;
  if (auto probe = socket_.rtt_probe(now, config_.rtt_probe_interval_ms)) {
    transport_.ws_send(*probe);
  }
}

bool LiveClient::probe_in_flight(UnixMillis now, std::int64_t quiet_ms) const {
  const std::optional<std::int64_t> waited = socket_.unanswered_ms(now);
  return socket_open_ && waited && *waited < quiet_ms;
}

void LiveClient::begin_catch_up() {
  catching_up_from_ = sync_.last_seq();
  catch_up_target_.reset();
  // Where the stream stands now, so the toast waits for the whole replay
  // (which the server sends over the socket, and the sync engine repairs).
  const std::uint64_t generation = generation_;
  transport_.http(
      get_request("/api/events?since=" + std::to_string(*catching_up_from_) + "&limit=1", token_),
      [this, generation](const HttpResponse& response) {
        if (generation != generation_ || !catching_up_from_) return;
        catch_up_clock();
        const auto page = response.status == 200
                              ? core::client::decode_events_page(response.body)
                              : core::Result<core::client::EventsPage>(core::Error{"", "no page"});
        // Without an answer (410: a snapshot will repair) count what arrives
        // until the view is in sync.
        catch_up_target_ = page ? page->last_seq : 0;
        finish_catch_up();
      });
}

void LiveClient::finish_catch_up() {
  if (!catching_up_from_ || !catch_up_target_ || !sync_.in_sync() ||
      sync_.last_seq() < *catch_up_target_) {
    return;
  }
  const std::int64_t caught_up = std::max<std::int64_t>(sync_.last_seq() - *catching_up_from_, 0);
  catching_up_from_.reset();
  catch_up_target_.reset();
  std::string detail = caught_up == 0   ? "Nothing was missed"
                       : caught_up == 1 ? "Caught up on 1 update"
                                        : "Caught up on " + std::to_string(caught_up) + " updates";
  toasts_.push_back({Toast::Kind::Info, "Reconnected", std::move(detail), "", "", 5000});
}

void LiveClient::perform_connection_actions(UnixMillis now) {
  for (const ConnectionAction action : machine_.take_actions()) {
    switch (action) {
      case ConnectionAction::Connect:
        open_socket(now);
        break;
      case ConnectionAction::Close:
        transport_.ws_close();
        socket_open_ = false;
        socket_down();
        break;
      case ConnectionAction::PollSnapshot:
        load_snapshot(now);
        break;
    }
  }
}

// [SECTION] Snapshot and repair requests

void LiveClient::load_snapshot(UnixMillis now) {
  now_ = now;
  if (token_.empty()) return;
  sync_.request_snapshot();
  perform_sync_requests();
}

void LiveClient::request_failed(const std::string& error) {
  note(error);
  sync_.on_request_failed();
  // Asked again after a pause that doubles, so a failing server is not
  // hammered; Retry and a reconnect skip the wait.
  request_backoff_ms_ = std::min<std::int64_t>(
      request_backoff_ms_ == 0 ? kFirstRequestRetryMs : request_backoff_ms_ * 2,
      kMaxRequestRetryMs);
  next_request_at_ = now_ + request_backoff_ms_;
}

void LiveClient::perform_sync_requests() {
  // Nothing goes out without a valid token: a 401 waits for sign-in.
  if (auth_failed_ || sync_request_in_flight_ || token_.empty() || now_ < next_request_at_) {
    return;
  }
  const std::optional<SyncRequest> request = sync_.take_request();
  if (!request) return;
  sync_request_in_flight_ = true;
  const std::uint64_t generation = generation_;
  if (request->kind == SyncRequest::Kind::FetchSnapshot) {
    transport_.http(
        get_request("/api/dashboard", token_), [this, generation](const HttpResponse& response) {
          if (generation != generation_) return;
          catch_up_clock();
          sync_request_in_flight_ = false;
          if (response.status == 401) {
            sync_.on_request_failed();
            refresh_session(true);
            return;
          }
          auto view =
              response.status == 200
                  ? core::decode_dashboard_view(response.body)
                  : core::Result<core::DashboardView>(core::Error{"", api_error_message(response)});
          if (!view) {
            snapshot_error_ = response.status == 200
                                  ? "The server sent a snapshot this page cannot read."
                                  : api_error_message(response);
            if (!sync_.has_view()) snapshot_state_ = SnapshotState::Failed;
            request_failed("snapshot failed: " + view.error().to_string());
            return;
          }
          request_backoff_ms_ = 0;
          snapshot_error_.clear();
          snapshot_state_ = SnapshotState::Loaded;
          sync_.on_snapshot(std::move(*view));
          perform_sync_requests();
        });
    return;
  }
  transport_.http(get_request(core::client::request_target(*request, kEventsPageLimit), token_),
                  [this, generation](const HttpResponse& response) {
                    if (generation != generation_) return;
                    catch_up_clock();
                    sync_request_in_flight_ = false;
                    if (response.status == 410) {
                      sync_.on_events_gone();
                    } else if (response.status == 200) {
                      const auto page = core::client::decode_events_page(response.body);
                      if (page) {
                        request_backoff_ms_ = 0;
                        sync_.on_events_page(*page);
                      } else {
                        // Asking again would fetch the same unreadable page: start over
                        // from a snapshot instead.
                        note("events page rejected: " + page.error().to_string());
                        sync_.on_events_gone();
                      }
                    } else {
                      request_failed("events request failed: " + api_error_message(response));
                      return;
                    }
                    perform_sync_requests();
                  });
}

// [SECTION] Socket callbacks

void LiveClient::open_socket(UnixMillis now) {
  socket_.begin(auth_json(), now);
  socket_open_ = false;
  const std::uint64_t generation = generation_;
  transport_.ws_open(config_.socket_path, {.on_open =
                                               [this, generation] {
                                                 if (generation == generation_) on_socket_open();
                                               },
                                           .on_message =
                                               [this, generation](std::string_view frame) {
                                                 if (generation == generation_)
                                                   on_socket_message(frame);
                                               },
                                           .on_close =
                                               [this, generation](std::string reason) {
                                                 if (generation == generation_)
                                                   on_socket_closed(std::move(reason));
                                               }});
}

void LiveClient::on_socket_open() {
  catch_up_clock();
  socket_open_ = true;
  socket_.begin(auth_json(), now_);  // the resume point as of now, not as of the dial
}

void LiveClient::on_socket_message(std::string_view frame) {
  catch_up_clock();
  core::client::FrameOutcome out = socket_.on_frame(frame, now_);
  for (const std::string& reply : out.replies) transport_.ws_send(reply);
  if (!out.log.empty()) note(out.log);
  switch (out.signal) {
    case ClientSignal::None:
      break;
    case ClientSignal::Connected:
      ++connections_;
      machine_.on_connected(now_);
      send_due_probe(now_);  // the round trip shows at once
      if (machine_.take_reconnected()) {
        if (sync_.has_view()) {
          begin_catch_up();
        } else {
          toasts_.push_back({Toast::Kind::Info, "Reconnected", "", "", "", 5000});
        }
      }
      next_request_at_ = 0;  // the server is back: failed requests may go now
      perform_sync_requests();
      topics_.on_connected(now_);
      break;
    case ClientSignal::ConnectRefused:
      transport_.ws_close();
      socket_open_ = false;
      socket_down();
      if (out.message == "AUTH_FAILED") {
        // Wait for a new token rather than dial with the refused one.
        machine_.on_auth_failed(now_);
        refresh_session(true);
      } else {
        machine_.on_lost(now_, "The server refused the connection: " + out.message);
      }
      break;
    case ClientSignal::Closed:
      transport_.ws_close();
      socket_open_ = false;
      socket_down();
      machine_.on_lost(now_, "The server closed the connection");
      break;
    case ClientSignal::ResyncRequired:
      sync_.on_resync_required();
      break;
  }
  if (out.event) sync_.on_event(std::move(*out.event));
  if (out.topic_event) {
    topics_.on_socket_event(out.topic_event->name, out.topic_event->arg_json, now_);
  }
  if (out.status_event && on_status_event) on_status_event(*out.status_event);
  if (out.ack) {
    const auto ack = topic_acks_.find(out.ack->id);
    if (ack != topic_acks_.end()) {
      const std::uint64_t ticket = ack->second;
      topic_acks_.erase(ack);
      topics_.on_ack(ticket, out.ack->args_json, now_);
    }
    const auto answer = emit_acks_.find(out.ack->id);
    if (answer != emit_acks_.end()) {
      auto on_ack = std::move(answer->second);
      emit_acks_.erase(answer);
      if (on_ack) on_ack(out.ack->args_json);
    }
  }
  perform_topic_requests();
  for (core::ErrorPayload& error : sync_.take_errors()) {
    toasts_.push_back(
        {Toast::Kind::Error, std::move(error.message), "Error code: " + error.code, "", "", 5000});
  }
  perform_sync_requests();
  perform_connection_actions(now_);
  finish_catch_up();
}

void LiveClient::on_socket_closed(std::string reason) {
  catch_up_clock();
  socket_open_ = false;
  socket_down();
  if (stopped_) return;
  machine_.on_lost(now_, reason.empty() ? "The connection closed" : std::move(reason));
  perform_connection_actions(now_);
}

void LiveClient::catch_up_clock() {
  if (clock) now_ = std::max(now_, clock());
}

// [SECTION] What the UI reads

const core::DashboardView* LiveClient::view() const {
  return sync_.has_view() ? &sync_.view() : nullptr;
}

LinkState LiveClient::link(UnixMillis now) const {
  LinkState state;
  state.status = token_.empty() ? core::ConnectionStatus::Offline : machine_.status();
  state.attempt = machine_.attempt();
  state.retry_in_ms = machine_.ms_until_retry(now);
  state.error = auth_failed_ ? "Your session has expired. Sign in again." : machine_.last_error();
  state.degraded = machine_.degraded();
  state.poll_interval_ms = machine_.poll_interval_ms();
  if (state.status == core::ConnectionStatus::Live) {
    state.rtt_ms = socket_.rtt_ms();
    // Never green over a link that stopped answering: amber until the
    // probe's ack arrives or update() replaces the socket.
    const std::optional<std::int64_t> unanswered = socket_.unanswered_ms(now);
    if (unanswered && *unanswered >= config_.probe_checking_after_ms) {
      state.status = core::ConnectionStatus::Checking;
      state.error = "No answer from the server for " + std::to_string(*unanswered / 1000) + " s";
    }
  }
  return state;
}

core::client::SliceMask LiveClient::take_changed() {
  return sync_.take_changed();
}

std::vector<Toast> LiveClient::take_toasts() {
  return std::exchange(toasts_, {});
}

std::optional<UnixMillis> LiveClient::next_deadline() const {
  std::optional<UnixMillis> next = machine_.next_deadline();
  if (const std::optional<UnixMillis> topics = topics_.next_deadline()) {
    next = next ? std::min(*next, *topics) : *topics;
  }
  if (refresh_at_ != 0 && !token_.empty()) next = next ? std::min(*next, refresh_at_) : refresh_at_;
  return next;
}

// [SECTION] Topic subscriptions

void LiveClient::subscribe_topic(const std::string& topic, core::client::TopicOptions options,
                                 core::client::TopicCallback callback, UnixMillis now) {
  now_ = std::max(now_, now);
  topics_.subscribe(topic, std::move(options), std::move(callback), now_);
  perform_topic_requests();
}

void LiveClient::unsubscribe_topic(const std::string& topic, UnixMillis now) {
  now_ = std::max(now_, now);
  topics_.unsubscribe(topic);
  perform_topic_requests();
}

void LiveClient::resume_topic(const std::string& topic, std::int64_t seq, UnixMillis now) {
  now_ = std::max(now_, now);
  topics_.resume_from(topic, seq, now_);
  perform_topic_requests();
}

bool LiveClient::emit(std::string_view event, std::string_view arg_json,
                      std::function<void(std::string_view args_json)> on_ack) {
  if (!socket_open_ || !socket_.connected() || auth_failed_) return false;
  std::uint64_t ack_id = 0;
  transport_.ws_send(socket_.emit(event, arg_json, ack_id));
  if (on_ack) emit_acks_[ack_id] = std::move(on_ack);
  return true;
}

void LiveClient::socket_down() {
  topic_acks_.clear();
  emit_acks_.clear();
  topics_.on_disconnected(now_);
}

void LiveClient::perform_topic_requests() {
  for (const std::string& line : topics_.take_log()) note(line);
  if (auth_failed_ || token_.empty()) return;
  // Polls first: a rate-limited subscribe is retried from take_polls.
  for (core::client::TopicPoll& poll : topics_.take_polls(now_)) {
    const std::uint64_t generation = generation_;
    transport_.http(
        get_request(poll.target, token_),
        [this, generation, topic = poll.topic, ticket = poll.ticket](const HttpResponse& response) {
          if (generation != generation_) return;
          catch_up_clock();
          if (response.status == 401) {
            auth_expired(now_);
            return;
          }
          topics_.on_poll_response(topic, ticket, response.status, response.body, now_);
          perform_topic_requests();
        });
  }
  for (core::client::TopicEmit& emit : topics_.take_emits()) {
    if (!socket_open_ || !socket_.connected()) continue;  // on_connected sends them again
    std::uint64_t ack_id = 0;
    transport_.ws_send(socket_.emit(emit.event, emit.arg_json, ack_id));
    topic_acks_[ack_id] = emit.ticket;
  }
}

}  // namespace dashboard::app
