// http_post: one blocking HTTP/1.1 request over a fresh connection (the
// trigger that makes the server emit, and the login): status and body, or
// status 0 when the server could not be reached.
#pragma once

#include <string>

namespace socket_load {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

HttpAnswer http_request(const std::string& host, unsigned short port, const std::string& method,
                        const std::string& target, const std::string& body = {},
                        const std::string& bearer = {});

}  // namespace socket_load
