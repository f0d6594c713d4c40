// The one translation unit that compiles Boost.Asio and Boost.Beast for the
// native client's transport (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are set for its library), as server/
// does for the server.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
