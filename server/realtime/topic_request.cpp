#include "realtime/topic_request.hpp"

#include <rapidjson/document.h>

#include "store/topics.hpp"

namespace dashboard::server::realtime {

core::Result<TopicRequest> parse_topic_request(std::string_view arg_json) {
  rapidjson::Document doc;
  doc.Parse(arg_json.data(), arg_json.size());
  if (arg_json.empty() || doc.HasParseError() || !doc.IsObject()) {
    return core::Error{"", "the argument must be an object {topic, lastSeq?}"};
  }
  if (!doc.HasMember("topic") || !doc["topic"].IsString()) {
    return core::Error{"topic", "is required (a string)"};
  }
  TopicRequest request;
  request.topic.assign(doc["topic"].GetString(), doc["topic"].GetStringLength());
  if (!store::parse_topic(request.topic)) {
    return core::Error{"topic", "must be board:<username> or moc:<id>"};
  }
  if (doc.HasMember("lastSeq") && !doc["lastSeq"].IsNull()) {
    const rapidjson::Value& seq = doc["lastSeq"];
    if (!seq.IsInt64() || seq.GetInt64() < 0) {
      return core::Error{"lastSeq", "must be an integer >= 0"};
    }
    request.last_seq = seq.GetInt64();
  }
  return request;
}

}  // namespace dashboard::server::realtime
