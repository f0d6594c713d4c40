// One HTTP/1.1 connection: reads a request, writes its response, repeats
// while keep-alive holds. One request at a time, all on the session strand.
//
// Limits: 30 s per read, 8 KiB of headers (answered with 431), 1 MiB of
// body (413). On shutdown an idle connection closes at once; one that is
// mid-request finishes that response with Connection: close.
//
// The time limits cost nothing per request: each step only moves a
// deadline, and one timer per connection, armed at most once per limit's
// length, closes the socket when it finds the deadline passed (Beast's
// tcp_stream arms and cancels a timer around every read and write, which
// showed in profiles at tens of thousands of requests per second).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "http/request_handler.hpp"
#include "http/shared_state.hpp"

namespace dashboard::server::http {

inline constexpr std::size_t kHeaderLimit = 8 * 1024;
inline constexpr std::uint64_t kBodyLimit = 1024 * 1024;
inline constexpr std::chrono::seconds kReadTimeout{30};

class HttpSession : public Closable, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<SharedState> state,
              std::shared_ptr<const RequestHandler> handler);
  ~HttpSession() override;

  void run();
  void close_gracefully() override;

 private:
  // kIdle: waiting for the first byte of a request; only then is closing
  // on shutdown harmless to the client.
  enum class Phase { kIdle, kReading, kWriting, kClosing };

  void do_read();
  void on_first_bytes(boost::system::error_code ec, std::size_t bytes);
  void read_request();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  // An /api request: handled on the database workers, written from here.
  void handle_on(DatabaseWorkers& workers, bool keep_alive);
  void reply_to_bad_request(boost::system::error_code ec);
  void send(Reply reply, bool keep_alive, bool drain_after);
  // A body in a MemoryFile: the headers, then sendfile() until it is all out.
  void send_head_then_file(bool keep_alive, bool drain_after);
  void send_file_part(bool keep_alive, bool drain_after);
  void on_write(bool keep_alive, bool drain_after, boost::system::error_code ec, std::size_t bytes);
  void log_request(const boost::system::error_code& write_ec) const;
  void on_close_requested();
  void shutdown_send();
  void drain_then_close();
  void drain_some();
  // The current step must end within `limit` from now.
  void expires_after(std::chrono::steady_clock::duration limit);
  void arm_timer(std::chrono::steady_clock::time_point when);
  void on_timer(std::uint64_t generation, boost::system::error_code ec);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point timer_expiry_;  // when the armed wait ends
  std::uint64_t timer_generation_ = 0;                  // tells a superseded wait apart
  bool timer_armed_ = false;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<SharedState> state_;
  std::shared_ptr<const RequestHandler> handler_;
  std::string remote_;
  bool joined_ = false;
  bool close_requested_ = false;
  Phase phase_ = Phase::kIdle;
  std::size_t drained_ = 0;

  // For the access log line written when the response is out.
  std::chrono::steady_clock::time_point started_;
  std::string method_;
  std::string target_;
  unsigned status_ = 0;
  std::uint64_t body_bytes_ = 0;
  PrebuiltResponse prebuilt_;  // the response being written, when it is one
};

}  // namespace dashboard::server::http
