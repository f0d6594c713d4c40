// topic_request: the argument of a socket's `subscribe` / `unsubscribe`
// event, {topic, lastSeq?}, checked the way a 400 is: the message names
// the field ("topic: must be board:<username> or moc:<id>").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dashboard::server::realtime {

struct TopicRequest {
  std::string topic;
  std::optional<std::int64_t> last_seq;
};

core::Result<TopicRequest> parse_topic_request(std::string_view arg_json);

}  // namespace dashboard::server::realtime
