// gzip: compresses response bodies that are sent many times (the cached
// snapshot), so each send moves a fraction of the bytes.
#pragma once

#include <string>
#include <string_view>

namespace dashboard::server::api {

// The gzip (RFC 1952) encoding of `data`, via zlib. Throws std::runtime_error
// if zlib fails (out of memory).
std::string gzip_compress(std::string_view data);

}  // namespace dashboard::server::api
