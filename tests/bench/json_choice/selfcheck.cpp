#include "selfcheck.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "checks.hpp"
#include "fixtures.hpp"

namespace json_choice {
namespace {

struct Case {
  const char* name;
  std::string json;
  std::string expected;  // DecodeError::ToString(), or "" for valid
};

std::vector<Case> ViewCases() {
  const std::string small = MakeSmallView();
  return {
      {"valid small view", small, ""},
      {"valid large view", MakeLargeView(), ""},
      {"unknown fields ignored",
       ReplaceNthValue(small, "version", 0, "42,\"extra\":{\"a\":[1,{\"b\":null}]}"), ""},
      {"percentage above 100", ReplaceNthValue(small, "coveragePercentage", 3, "120"),
       "partialPartsMocs[3].coveragePercentage: must be between 0 and 100"},
      {"percentage as string", ReplaceNthValue(small, "coveragePercentage", 0, "\"50\""),
       "partialPartsMocs[0].coveragePercentage: must be a number"},
      {"unknown build status", ReplaceNthValue(small, "buildStatus", 2, "\"DONE\""),
       "recentMocs[2].buildStatus: must be one of ADDED, IN_PROGRESS, BUILT"},
      {"missing totalMocs", RemoveNthMember(small, "totalMocs", 0),
       "summary.totalMocs: is required"},
      {"missing enum key in map", RemoveNthMember(small, "BUILT", 0),
       "summary.mocsByBuildStatus.BUILT: is required"},
      {"negative version", ReplaceNthValue(small, "version", 0, "-1"),
       "version: must be a non-negative integer"},
      {"fractional version", ReplaceNthValue(small, "version", 0, "1.5"),
       "version: must be a non-negative integer"},
      {"integral double count", ReplaceNthValue(small, "mocCount", 4, "9.0"),
       "themeBreakdown[4].mocCount: must be a non-negative integer"},
      {"cover url not string", ReplaceNthValue(small, "coverImageUrl", 0, "5"),
       "recentMocs[0].coverImageUrl: must be a string or null"},
      {"bad createdAt month", ReplaceNthValue(small, "createdAt", 1, "\"2026-13-01T00:00:00Z\""),
       "recentMocs[1].createdAt: must be an RFC 3339 UTC timestamp"},
      {"non-UTC lastUpdatedAt",
       ReplaceNthValue(small, "lastUpdatedAt", 5, "\"2026-11-19T08:00:00+01:00\""),
       "partialPartsMocs[5].lastUpdatedAt: must be an RFC 3339 UTC timestamp"},
      {"themeBreakdown not array", ReplaceNthValue(small, "themeBreakdown", 0, "{}"),
       "themeBreakdown: must be an array"},
      {"theme missing", RemoveNthMember(small, "theme", 4), "themeBreakdown[4].theme: is required"},
      {"truncated text", small.substr(0, small.size() / 2), "$: invalid JSON"},
      {"invalid UTF-8", ReplaceNthValue(small, "title", 0, "\"\xff\xfe\""), "$: invalid JSON"},
      {"trailing garbage", small + "x", "$: invalid JSON"},
      {"root not object", "[1]", "$: must be an object"},
  };
}

std::vector<Case> EventCases() {
  const std::string event = MakeEvent();
  return {
      {"valid event", event, ""},
      {"eventId UUID v3",
       ReplaceNthValue(event, "eventId", 0, "\"7c9e6679-7425-30de-944b-e07fc1f90ae7\""),
       "eventId: must be a UUID v4"},
      {"wrong type", ReplaceNthValue(event, "type", 0, "\"dashboard:other\""),
       "type: must be \"dashboard:summaryUpdated\""},
      {"count as string", ReplaceNthValue(event, "totalWishlistItems", 0, "\"12\""),
       "payload.totalWishlistItems: must be a non-negative integer"},
      {"missing payload", RemoveNthMember(event, "payload", 0), "payload: is required"},
      {"space in timestamp", ReplaceNthValue(event, "timestamp", 0, "\"2026-11-23 10:00:00Z\""),
       "timestamp: must be an RFC 3339 UTC timestamp"},
  };
}

int Report(const char* library, const char* name, const std::string& got,
           const std::string& expected) {
  if (got == expected) return 0;
  std::fprintf(stderr, "selfcheck FAIL %s / %s:\n  expected: %s\n  got:      %s\n", library, name,
               expected.empty() ? "(valid)" : expected.c_str(),
               got.empty() ? "(valid)" : got.c_str());
  return 1;
}

template <class T>
std::string Outcome(const Result<T>& r) {
  return r.ok() ? "" : r.error->ToString();
}

// Spot-checks that a valid decode filled the structs, not just returned ok.
std::string Content(const Result<DashboardView>& r) {
  if (!r.ok()) return Outcome(r);
  const DashboardView& v = r.value;
  const bool good = v.version == 42 && v.summary.total_mocs == 61 &&
                    v.summary.mocs_by_build_status[1] == 21 &&
                    v.summary.mocs_by_coverage_status[2] == 15 && v.theme_breakdown.size() == 10 &&
                    v.recent_mocs.size() == 10 && v.recent_mocs[0].id == "moc-0061" &&
                    v.recent_mocs[0].cover_image_url.has_value() &&
                    !v.recent_mocs[1].cover_image_url.has_value() &&
                    v.recent_mocs[0].title == "Royal Keep \"Blackfalcon\"" &&
                    (v.partial_parts_mocs.size() == 16 || v.partial_parts_mocs.size() == 1000) &&
                    v.partial_parts_mocs[1].coverage_percentage == 37.9 &&
                    v.partial_parts_mocs[6].title == "Tree House \xc3\xa9t\xc3\xa9";
  return good ? "" : "decoded content differs from the fixture";
}

std::string Content(const Result<SummaryUpdatedEvent>& r) {
  if (!r.ok()) return Outcome(r);
  const SummaryUpdatedEvent& e = r.value;
  const bool good = e.seq == 43 && e.type == kSummaryUpdatedType &&
                    e.payload.total_wishlist_items == 12 && e.timestamp == "2026-11-23T10:00:00Z";
  return good ? "" : "decoded content differs from the fixture";
}

int CheckCheckers() {
  struct {
    bool got, want;
    const char* what;
  } const cases[] = {
      {IsRfc3339Utc("2026-11-19T08:00:00.123Z"), true, "fraction"},
      {IsRfc3339Utc("2024-02-29T23:59:60z"), true, "leap day, leap second, lower z"},
      {IsRfc3339Utc("2026-02-29T00:00:00Z"), false, "no Feb 29 in 2026"},
      {IsRfc3339Utc("2026-11-19T08:00:00."), false, "empty fraction"},
      {IsRfc3339Utc("2026-11-19T24:00:00Z"), false, "hour 24"},
      {IsUuidV4("3f2b8c1e-9d4a-4f6b-A1C2-7e5d9b0a4c31"), true, "upper-case hex"},
      {IsUuidV4("3f2b8c1e-9d4a-4f6b-c1c2-7e5d9b0a4c31"), false, "variant 11xx"},
      {IsUuidV4("3f2b8c1e9d4a-4f6b-a1c2-7e5d9b0a4c31-"), false, "misplaced dash"},
  };
  int failures = 0;
  for (const auto& c : cases) {
    failures += Report("checkers", c.what, c.got ? "accepted" : "rejected",
                       c.want ? "accepted" : "rejected");
  }
  return failures;
}

}  // namespace

int RunSelfCheck() {
  int failures = CheckCheckers();
  const std::vector<Case> views = ViewCases();
  const std::vector<Case> events = EventCases();
  for (const Library& lib : kLibraries) {
    for (const Case& c : views) {
      failures += Report(lib.name, c.name, Content(lib.decode_view(c.json)), c.expected);
    }
    for (const Case& c : events) {
      failures += Report(lib.name, c.name, Content(lib.decode_event(c.json)), c.expected);
    }
  }
  std::fprintf(stderr, "selfcheck: %zu cases x %zu libraries, %d failure(s)\n",
               views.size() + events.size(), std::size(kLibraries), failures);
  return failures;
}

}  // namespace json_choice
