#include "realtime/topic_request.hpp"

#include <gtest/gtest.h>

namespace dashboard::server::realtime {
namespace {

TEST(TopicRequest, ReadsTheTopicAndTheResumePoint) {
  const auto request = parse_topic_request(R"({"topic":"board:alice","lastSeq":42})");
  ASSERT_TRUE(request) << request.error().to_string();
  EXPECT_EQ(request->topic, "board:alice");
  EXPECT_EQ(request->last_seq, 42);
  const auto fresh = parse_topic_request(R"({"topic":"moc:m-1"})");
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->last_seq);
}

TEST(TopicRequest, NamesTheBadField) {
  EXPECT_EQ(parse_topic_request(R"({"lastSeq":1})").error().path, "topic");
  EXPECT_EQ(parse_topic_request(R"({"topic":7})").error().path, "topic");
  EXPECT_EQ(parse_topic_request(R"({"topic":"user:1"})").error().path, "topic");
  EXPECT_EQ(parse_topic_request(R"({"topic":"board:a b"})").error().path, "topic");
  EXPECT_EQ(parse_topic_request(R"({"topic":"board:a","lastSeq":-1})").error().path, "lastSeq");
  EXPECT_EQ(parse_topic_request(R"({"topic":"board:a","lastSeq":"3"})").error().path, "lastSeq");
  EXPECT_EQ(parse_topic_request("").error().path, "");
  EXPECT_EQ(parse_topic_request("[1]").error().path, "");
}

}  // namespace
}  // namespace dashboard::server::realtime
