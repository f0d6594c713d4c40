// realtime_session_impl: the member definitions of RealtimeSessionT.
// Included only by the TUs that explicitly instantiate the template
// (realtime_session.cpp for tcp::socket; the unit tests for Beast's test
// stream), so the rest of the server sees just the declarations. The
// definitions live in one file per job:
//
//   realtime_session_lifecycle.hpp  handshake, open packet, finish, close, disconnect log
//   realtime_session_reading.hpp    Engine.IO / socket.io packets, the CONNECT and its auth
//   realtime_session_topics.hpp     subscribe / unsubscribe, topic frames, server pings
//   realtime_session_writing.hpp    one write in flight, a bounded queue, close last
#pragma once

#include "realtime/realtime_session_lifecycle.hpp"
#include "realtime/realtime_session_reading.hpp"
#include "realtime/realtime_session_topics.hpp"
#include "realtime/realtime_session_writing.hpp"
