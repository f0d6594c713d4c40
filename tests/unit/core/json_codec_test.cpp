#include "core/json_codec.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fixtures.hpp"

namespace dashboard::core {
namespace {

using testing::sample_event;
using testing::sample_moc;
using testing::sample_view;
using testing::sample_wishlist_item;

// Replaces the first occurrence of `from` in the encoded fixture, so each
// invalid case differs from a valid document by exactly one thing.
std::string mutate(std::string json, const std::string& from, const std::string& to) {
  const auto pos = json.find(from);
  EXPECT_NE(pos, std::string::npos) << "fixture lacks " << from;
  if (pos != std::string::npos) json.replace(pos, from.size(), to);
  return json;
}

std::string view_error(const std::string& json) {
  const Result<DashboardView> r = decode_dashboard_view(json);
  return r ? "ok" : r.error().to_string();
}

// The client decodes what the server sends with the same bounded parser.
TEST(JsonCodec, DeepNestingIsAnErrorNotACrash) {
  const Result<DashboardView> r = decode_dashboard_view(std::string(200000, '['));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), "JSON nested deeper than 64 levels");
}

TEST(JsonCodec, ViewRoundTrips) {
  const DashboardView view = sample_view();
  const Result<DashboardView> decoded = decode_dashboard_view(encode_dashboard_view(view));
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, view);
}

TEST(JsonCodec, EmptyListsAndZeroVersionAreValid) {
  DashboardView empty;
  const Result<DashboardView> decoded = decode_dashboard_view(encode_dashboard_view(empty));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, empty);
}

TEST(JsonCodec, UnknownFieldsAreIgnored) {
  const std::string json = mutate(encode_dashboard_view(sample_view()), "{\"version\":42",
                                  "{\"extra\":{\"a\":[1,2]},\"version\":42");
  const std::string with_nested =
      mutate(json, "\"theme\":\"Space\",", "\"theme\":\"Space\",\"x\":1,");
  const Result<DashboardView> decoded = decode_dashboard_view(with_nested);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, sample_view());
}

TEST(JsonCodec, SyntaxErrorNamesOffset) {
  EXPECT_EQ(view_error("{\"version\": 1,"),
            "invalid JSON at offset 14: Missing a name for object member.");
  EXPECT_NE(view_error("\xFF").find("invalid JSON"), std::string::npos);
}

TEST(JsonCodec, RootMustBeObject) {
  EXPECT_EQ(view_error("[]"), "must be an object");
}

struct InvalidCase {
  const char* name;
  std::string from;
  std::string to;
  std::string expected_error;
};

class JsonCodecInvalidView : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(JsonCodecInvalidView, NamesPathAndRule) {
  const InvalidCase& c = GetParam();
  EXPECT_EQ(view_error(mutate(encode_dashboard_view(sample_view()), c.from, c.to)),
            c.expected_error);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, JsonCodecInvalidView,
    ::testing::Values(
        InvalidCase{"VersionMissing", "\"version\":42,", "", "version: is required"},
        InvalidCase{"VersionNegative", "\"version\":42", "\"version\":-1",
                    "version: must be an integer >= 0"},
        InvalidCase{"VersionFraction", "\"version\":42", "\"version\":4.5",
                    "version: must be an integer >= 0"},
        InvalidCase{"SummaryMissing", "\"summary\":", "\"summery\":", "summary: is required"},
        InvalidCase{"TotalMocsString", "\"totalMocs\":3", "\"totalMocs\":\"3\"",
                    "summary.totalMocs: must be an integer >= 0"},
        InvalidCase{"WishlistNegative", "\"totalWishlistItems\":7", "\"totalWishlistItems\":-7",
                    "summary.totalWishlistItems: must be an integer >= 0"},
        InvalidCase{"BuildCountsNotObject",
                    "\"mocsByBuildStatus\":", "\"mocsByBuildStatus\":[],\"moved\":",
                    "summary.mocsByBuildStatus: must be an object"},
        InvalidCase{"BuildCountMissing", "\"IN_PROGRESS\":1,", "",
                    "summary.mocsByBuildStatus.IN_PROGRESS: is required"},
        InvalidCase{"CoverageCountNegative", "\"PARTIAL_ORDERED\":2", "\"PARTIAL_ORDERED\":-2",
                    "summary.mocsByCoverageStatus.PARTIAL_ORDERED: must be an integer >= 0"},
        InvalidCase{"ThemesNotArray", "\"themeBreakdown\":", "\"themeBreakdown\":{},\"moved\":",
                    "themeBreakdown: must be an array"},
        InvalidCase{"ThemeNameEmpty", "\"theme\":\"Castle\",\"mocCount\"",
                    "\"theme\":\"\",\"mocCount\"", "themeBreakdown[1].theme: must not be empty"},
        InvalidCase{"ThemeSetCountMissing", ",\"setCount\":5", "",
                    "themeBreakdown[0].setCount: is required"},
        InvalidCase{"RecentTitleNumber", "\"title\":\"Galaxy Explorer\"", "\"title\":7",
                    "recentMocs[0].title: must be a string"},
        InvalidCase{"RecentIdMissing", "\"id\":\"moc-3\",", "", "recentMocs[0].id: is required"},
        InvalidCase{"RecentStatusUnknown", "\"buildStatus\":\"IN_PROGRESS\"",
                    "\"buildStatus\":\"DONE\"",
                    "recentMocs[1].buildStatus: must be one of ADDED, IN_PROGRESS, BUILT"},
        InvalidCase{"RecentCoverNumber", "\"coverImageUrl\":null", "\"coverImageUrl\":0",
                    "recentMocs[1].coverImageUrl: must be a string or null"},
        InvalidCase{"RecentCoverMissing", "\"coverImageUrl\":null,", "",
                    "recentMocs[1].coverImageUrl: is required"},
        InvalidCase{"RecentCreatedAtNotRfc3339", "\"createdAt\":\"2026-11-19T08:00:00.123Z\"",
                    "\"createdAt\":\"2026-11-19 08:00\"",
                    "recentMocs[1].createdAt: not an RFC 3339 timestamp"},
        InvalidCase{"RecentCreatedAtImpossibleDate", "\"createdAt\":\"2026-11-20T14:03:11Z\"",
                    "\"createdAt\":\"2026-02-30T14:03:11Z\"",
                    "recentMocs[0].createdAt: not an RFC 3339 timestamp"},
        InvalidCase{"PartialCoverageOver100", "\"coveragePercentage\":72.5",
                    "\"coveragePercentage\":100.5",
                    "partialPartsMocs[0].coveragePercentage: must be a number between 0 and 100"},
        InvalidCase{"PartialCoverageNegative", "\"coveragePercentage\":0.0",
                    "\"coveragePercentage\":-0.1",
                    "partialPartsMocs[1].coveragePercentage: must be a number between 0 and 100"},
        InvalidCase{"PartialCoverageString", "\"coveragePercentage\":72.5",
                    "\"coveragePercentage\":\"72.5\"",
                    "partialPartsMocs[0].coveragePercentage: must be a number between 0 and 100"},
        InvalidCase{"PartialLastUpdatedMissing", ",\"lastUpdatedAt\":\"2026-11-01T00:00:00+02:00\"",
                    "", "partialPartsMocs[1].lastUpdatedAt: is required"},
        InvalidCase{"PartialItemNotObject", "\"partialPartsMocs\":[", "\"partialPartsMocs\":[3,",
                    "partialPartsMocs[0]: must be an object"}),
    [](const ::testing::TestParamInfo<InvalidCase>& param_info) { return param_info.param.name; });

TEST(JsonCodec, EveryEventTypeRoundTrips) {
  const DashboardView v = sample_view();
  const EventPayload payloads[] = {v.summary,
                                   v.recent_mocs[1],
                                   v.partial_parts_mocs,
                                   v.theme_breakdown,
                                   ErrorPayload{"RATE_LIMITED", "Slow down"},
                                   v.recent_mocs,
                                   MocAdded{sample_moc()},
                                   MocUpdated{sample_moc()},
                                   MocDeleted{"moc-9"},
                                   WishlistItemAdded{sample_wishlist_item()},
                                   WishlistItemRemoved{"wish-1"},
                                   MessageNew{R"({"id":"m-1","text":"Hi"})"},
                                   MessageRead{R"({"with":"bob"})"},
                                   NotificationMessage{R"({"id":1})"},
                                   NotificationBoardChanged{R"({"id":2})"},
                                   NotificationCoverageComplete{R"({"id":3})"},
                                   NotificationAnnouncement{R"({"id":4})"},
                                   NotificationsRead{R"({"through":4})"},
                                   NotificationPreferences{R"({"message":{"toast":true}})"}};
  static_assert(std::size(payloads) == std::variant_size_v<EventPayload>,
                "a payload of every event type");
  for (const EventPayload& payload : payloads) {
    const DashboardEvent event = sample_event(payload);
    const Result<DashboardEvent> decoded = decode_event(encode_event(event));
    ASSERT_TRUE(decoded) << decoded.error().to_string();
    EXPECT_EQ(*decoded, event);
    EXPECT_EQ(decoded->type(), event.type());
  }
}

TEST(JsonCodec, EnvelopeCarriesWireTypeName) {
  const std::string json = encode_event(sample_event(sample_view().summary));
  EXPECT_NE(json.find("\"type\":\"dashboard:summaryUpdated\""), std::string::npos);
  EXPECT_NE(json.find("\"seq\":43"), std::string::npos);
}

std::string event_error(const std::string& json) {
  const Result<DashboardEvent> r = decode_event(json);
  return r ? "ok" : r.error().to_string();
}

TEST(JsonCodec, EnvelopeRules) {
  const std::string good = encode_event(sample_event(sample_view().summary));
  EXPECT_EQ(event_error(good), "ok");
  EXPECT_EQ(event_error(mutate(good, "0b9c6c1e-8d4f-4a55", "0b9c6c1e-8d4f-1a55")),
            "eventId: not a UUID v4");
  EXPECT_EQ(event_error(mutate(good, "\"eventId\":\"0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69\",", "")),
            "eventId: is required");
  EXPECT_EQ(event_error(mutate(good, "dashboard:summaryUpdated", "dashboard:confetti")),
            "type: unknown event type");
  EXPECT_EQ(event_error(mutate(good, "2026-11-23T10:00:00Z", "yesterday")),
            "timestamp: not an RFC 3339 timestamp");
  EXPECT_EQ(event_error(mutate(good, "\"seq\":43", "\"seq\":-43")), "seq: must be an integer >= 0");
  EXPECT_EQ(event_error(mutate(good, "\"payload\":", "\"payload\":7,\"moved\":")),
            "payload: must be an object");
  EXPECT_EQ(event_error(mutate(good, "\"totalMocs\":3", "\"totalMocs\":null")),
            "payload.totalMocs: must be an integer >= 0");
}

TEST(JsonCodec, EnvelopeSaysWhereItsCommitEnds) {
  DashboardEvent event = sample_event(sample_view().summary);  // seq 43
  event.commit_last_seq = 45;
  const std::string json = encode_event(event);
  EXPECT_NE(json.find("\"commitLastSeq\":45"), std::string::npos);
  const Result<DashboardEvent> decoded = decode_event(json);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, event);
  // A commit of one event says nothing, and saying its own seq is the same.
  event.commit_last_seq = 0;
  EXPECT_EQ(encode_event(event).find("commitLastSeq"), std::string::npos);
  const std::string own = mutate(json, "\"commitLastSeq\":45", "\"commitLastSeq\":43");
  EXPECT_EQ(decode_event(own)->commit_last_seq, 0);
  EXPECT_EQ(event_error(mutate(json, "\"commitLastSeq\":45", "\"commitLastSeq\":42")),
            "commitLastSeq: is less than seq");
  EXPECT_EQ(event_error(mutate(json, "\"commitLastSeq\":45", "\"commitLastSeq\":\"45\"")),
            "commitLastSeq: must be an integer >= 0");
}

TEST(JsonCodec, PayloadKindMustMatchType) {
  // A summary payload under recentMocAdded fails on the first RecentMoc field.
  const std::string json = mutate(encode_event(sample_event(sample_view().summary)),
                                  "dashboard:summaryUpdated", "dashboard:recentMocAdded");
  EXPECT_EQ(event_error(json), "payload.id: is required");
  const std::string list = encode_event(sample_event(sample_view().partial_parts_mocs));
  EXPECT_EQ(event_error(mutate(list, "\"coveragePercentage\":72.5", "\"coveragePercentage\":720")),
            "payload[0].coveragePercentage: must be a number between 0 and 100");
}

TEST(JsonCodec, EntityEventsCarryTheEntityItself) {
  const std::string added = encode_event(sample_event(MocAdded{sample_moc()}));
  EXPECT_NE(added.find("\"type\":\"dashboard:mocAdded\""), std::string::npos);
  EXPECT_NE(added.find("\"payload\":" + encode_moc(sample_moc())), std::string::npos) << added;
  const std::string removed = encode_event(sample_event(WishlistItemRemoved{"wish-1"}));
  EXPECT_NE(removed.find("\"payload\":{\"id\":\"wish-1\"}"), std::string::npos) << removed;
  EXPECT_TRUE(is_entity_event(EventType::MocDeleted));
  EXPECT_FALSE(is_entity_event(EventType::RecentMocsUpdated));
}

TEST(JsonCodec, MocRules) {
  const std::string good = encode_event(sample_event(MocUpdated{sample_moc()}));
  EXPECT_EQ(event_error(good), "ok");
  EXPECT_EQ(event_error(mutate(good, "\"version\":4", "\"version\":0")),
            "payload.version: must be an integer >= 1");
  EXPECT_EQ(event_error(mutate(good, "\"version\":4", "\"version\":\"4\"")),
            "payload.version: must be an integer >= 0");
  EXPECT_EQ(event_error(mutate(good, "PARTIAL_ORDERED", "HALF")),
            "payload.partsCoverageStatus: must be one of FULL_INVENTORY, PARTIAL_ORDERED, NONE");
  EXPECT_EQ(event_error(mutate(good, "\"updatedAt\":\"2026-11-21T09:30:00.250Z\",", "")),
            "payload.updatedAt: is required");
  const std::string deleted = encode_event(sample_event(MocDeleted{"moc-9"}));
  EXPECT_EQ(event_error(mutate(deleted, "{\"id\":\"moc-9\"}", "{\"id\":\"\"}")),
            "payload.id: must not be empty");
}

}  // namespace
}  // namespace dashboard::core
