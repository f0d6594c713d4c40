// The one translation unit that compiles Boost.Asio's TLS layer (for the
// HTTPS monitors), beside boost_asio_src.cpp's separate compilation.
#include <boost/asio/ssl/impl/src.hpp>
