// The server's session: RealtimeSessionT over the TCP socket itself,
// instantiated once here (see realtime_session_impl.hpp for the member definitions).
#include "realtime/realtime_session.hpp"

#include "realtime/realtime_session_impl.hpp"

namespace dashboard::server::realtime {

template class RealtimeSessionT<net::ip::tcp::socket>;

void start_realtime_session(boost::asio::ip::tcp::socket&& socket,
                            beast::http::request<beast::http::string_body> upgrade,
                            std::shared_ptr<RealtimeContext> ctx, std::string remote) {
  std::make_shared<RealtimeSession>(std::move(socket), std::move(ctx), std::move(remote))
      ->run(std::move(upgrade));
}

}  // namespace dashboard::server::realtime
