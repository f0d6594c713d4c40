// A Transport that records what the client asks for and lets a test answer
// each request and play the server's side of the socket, step by step.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "app/transport.hpp"

namespace dashboard::app::testing {

class ScriptedTransport final : public Transport {
 public:
  struct Pending {
    HttpRequest request;
    HttpDone done;
  };

  void http(HttpRequest request, HttpDone done) override {
    pending.push_back({std::move(request), std::move(done)});
  }
  void ws_open(std::string path, WebSocketHandlers h) override {
    opened_paths.push_back(std::move(path));
    handlers = std::move(h);
    open = true;
  }
  void ws_send(std::string_view text) override { sent.emplace_back(text); }
  void ws_close() override {
    if (open) ++closes;
    open = false;
    handlers = {};
  }

  // Answers the oldest request; returns its path.
  std::string answer(int status, std::string body) {
    Pending next = std::move(pending.front());
    pending.pop_front();
    next.done(HttpResponse{status, std::move(body), status == 0 ? "refused" : ""});
    return next.request.path;
  }

  // Answers the oldest request whose "METHOD path" starts with `prefix`
  // ("GET /api/mocs?", "PATCH /api/mocs/a"); returns that request.
  HttpRequest answer_first(std::string_view prefix, int status, std::string body) {
    for (auto it = pending.begin(); it != pending.end(); ++it) {
      const std::string line = it->request.method + " " + it->request.path;
      if (line.compare(0, prefix.size(), prefix) != 0) continue;
      Pending next = std::move(*it);
      pending.erase(it);
      next.done(HttpResponse{status, std::move(body), status == 0 ? "refused" : ""});
      return next.request;
    }
    ADD_FAILURE() << "no pending request " << prefix;
    return {};
  }

  // True when a request whose "METHOD path" starts with `prefix` waits.
  bool has_pending(std::string_view prefix) const {
    for (const Pending& p : pending) {
      const std::string line = p.request.method + " " + p.request.path;
      if (line.compare(0, prefix.size(), prefix) == 0) return true;
    }
    return false;
  }

  // The server's side of the socket.
  void server_accepts() {
    if (handlers.on_open) handlers.on_open();
    frame(
        R"(0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
  }
  void frame(const std::string& text) {
    if (handlers.on_message) handlers.on_message(text);
  }
  void server_drops(std::string reason = "The connection was lost") {
    open = false;
    WebSocketHandlers h = std::move(handlers);
    handlers = {};
    if (h.on_close) h.on_close(std::move(reason));
  }

  std::deque<Pending> pending;
  std::vector<std::string> opened_paths;
  std::vector<std::string> sent;
  WebSocketHandlers handlers;
  bool open = false;
  int closes = 0;
};

}  // namespace dashboard::app::testing
