#include <gtest/gtest.h>

#include <string>

#include "../fixtures.hpp"
#include "core/client/reducers.hpp"
#include "core/json_codec.hpp"

namespace dashboard::core::client {
namespace {

using testing::sample_event;
using testing::sample_view;

std::string page_json(const std::vector<DashboardEvent>& events, std::int64_t last_seq) {
  std::string json = "{\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) json += ",";
    json += encode_event(events[i]);
  }
  return json + "],\"lastSeq\":" + std::to_string(last_seq) + "}";
}

std::vector<DashboardEvent> three_events() {
  DashboardEvent a = sample_event(sample_view().summary);
  DashboardEvent b = sample_event(sample_view().recent_mocs.front());
  DashboardEvent c = sample_event(sample_view().partial_parts_mocs);
  b.seq = 44;
  c.seq = 45;
  return {a, b, c};
}

std::string page_error(const std::string& json) {
  const Result<EventsPage> r = decode_events_page(json);
  return r ? "ok" : r.error().to_string();
}

TEST(EventsPage, DecodesEventsInOrderWithLastSeq) {
  const Result<EventsPage> page = decode_events_page(page_json(three_events(), 50));
  ASSERT_TRUE(page) << page.error().to_string();
  EXPECT_EQ(page->events, three_events());
  EXPECT_EQ(page->last_seq, 50);
}

TEST(EventsPage, EmptyPageIsValid) {
  const Result<EventsPage> page = decode_events_page(R"({"events":[],"lastSeq":7})");
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->events.empty());
  EXPECT_EQ(page->last_seq, 7);
}

TEST(EventsPage, UnknownMembersAreIgnored) {
  const Result<EventsPage> page =
      decode_events_page(R"({"next":null,"events":[],"lastSeq":0,"x":[1]})");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->last_seq, 0);
}

TEST(EventsPage, ErrorEventsDecode) {
  DashboardEvent error = sample_event(ErrorPayload{"INTERNAL", "try later"});
  const Result<EventsPage> page = decode_events_page(page_json({error}, 43));
  ASSERT_TRUE(page) << page.error().to_string();
  EXPECT_EQ(page->events.front().type(), EventType::Error);
}

TEST(EventsPage, RejectsBadShapes) {
  EXPECT_EQ(page_error("[]"), "must be an object");
  EXPECT_EQ(page_error(R"({"lastSeq":1})"), "events: is required");
  EXPECT_EQ(page_error(R"({"events":{},"lastSeq":1})"), "events: must be an array");
  EXPECT_EQ(page_error(R"({"events":[]})"), "lastSeq: is required");
  EXPECT_EQ(page_error(R"({"events":[],"lastSeq":-1})"), "lastSeq: must be an integer >= 0");
  EXPECT_EQ(page_error(R"({"events":[],"lastSeq":"3"})"), "lastSeq: must be an integer >= 0");
  EXPECT_EQ(page_error(R"({"events":[7],"lastSeq":1})"), "events[0]: must be an object");
}

TEST(EventsPage, SyntaxErrorsAreReported) {
  EXPECT_NE(page_error(R"({"events":[)").find("invalid JSON"), std::string::npos);
  EXPECT_NE(page_error("").find("invalid JSON"), std::string::npos);
}

TEST(EventsPage, DeepNestingIsRejectedNotRecursed) {
  const std::string deep =
      "{\"events\":" + std::string(100000, '[') + std::string(100000, ']') + ",\"lastSeq\":1}";
  EXPECT_NE(page_error(deep).find("deeper"), std::string::npos) << page_error(deep);
}

// Each invalid event names its index in front of decode_event's own path.
TEST(EventsPage, EnvelopeErrorsNameTheEventIndex) {
  const std::string valid = page_json(three_events(), 50);
  auto replace_last = [&](const std::string& from, const std::string& to) {
    std::string json = valid;
    const auto pos = json.rfind(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) json.replace(pos, from.size(), to);
    return page_error(json);
  };
  EXPECT_EQ(replace_last("\"seq\":45", "\"seq\":-45"), "events[2].seq: must be an integer >= 0");
  EXPECT_EQ(replace_last("\"seq\":45", "\"sequence\":45"), "events[2].seq: is required");
  EXPECT_EQ(replace_last("\"dashboard:partialPartsUpdated\"", "\"dashboard:nope\""),
            "events[2].type: unknown event type");
  EXPECT_EQ(replace_last("\"coveragePercentage\":0.0", "\"coveragePercentage\":101"),
            "events[2].payload[1].coveragePercentage: must be a number between 0 and 100");
  EXPECT_EQ(replace_last("\"eventId\":\"0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69\",\"type\":"
                         "\"dashboard:recentMocAdded\"",
                         "\"eventId\":\"not-a-uuid\",\"type\":\"dashboard:recentMocAdded\""),
            "events[1].eventId: not a UUID v4");
}

}  // namespace
}  // namespace dashboard::core::client
