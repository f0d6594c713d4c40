// The one translation unit that compiles Boost.Beast
// (BOOST_BEAST_SEPARATE_COMPILATION is set for the whole server library).
#include <boost/beast/src.hpp>
