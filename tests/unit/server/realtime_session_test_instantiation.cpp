// RealtimeSessionT over Beast's in-memory test stream, compiled only into
// the unit tests so the server never includes Beast's _experimental headers.
#include <boost/beast/_experimental/test/stream.hpp>

#include "realtime/realtime_session_impl.hpp"

namespace dashboard::server::realtime {

template class RealtimeSessionT<boost::beast::test::stream>;

}  // namespace dashboard::server::realtime
