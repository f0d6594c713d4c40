// The one translation unit that compiles Boost.JSON; every other file
// includes <boost/json.hpp> and links against these definitions.
#include <boost/json/src.hpp>
