// The one translation unit that compiles Boost.Asio
// (BOOST_ASIO_SEPARATE_COMPILATION is set for the whole server library).
#include <boost/asio/impl/src.hpp>
