#include "core/client/moc_query.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "collection_fixtures.hpp"

namespace dashboard::core::client {
namespace {

using testing::moc;
using testing::query;

TEST(MocQuery, MatchesTitleSubstringCaseInsensitivelyAndEveryFilter) {
  Moc m = moc("a", "Harbour CRANE");
  m.theme = "City";
  m.build_status = BuildStatus::Built;
  EXPECT_TRUE(matches({}, m));
  EXPECT_TRUE(matches(query("crane"), m));
  EXPECT_TRUE(matches(query("bour c"), m));
  EXPECT_FALSE(matches(query("cranes"), m));
  EXPECT_TRUE(matches(query("", "City"), m));
  EXPECT_FALSE(matches(query("", "city"), m));
  EXPECT_TRUE(matches(query("", "", BuildStatus::Built), m));
  EXPECT_FALSE(matches(query("", "", BuildStatus::Added), m));
  EXPECT_FALSE(matches(query("", "", std::nullopt, PartsCoverageStatus::FullInventory), m));
}

TEST(MocQuery, SortsByKeyThenId) {
  std::vector<Moc> mocs{moc("b", "beta"), moc("a", "Beta"), moc("c", "alpha")};
  mocs[0].coverage_percentage = 50;
  mocs[1].coverage_percentage = 50;
  mocs[2].coverage_percentage = 10;
  mocs[2].created_at = "2026-11-21T10:00:00Z";
  const auto order = [&](MocSort sort) {
    std::vector<Moc> v = mocs;
    std::sort(v.begin(), v.end(),
              [&](const Moc& x, const Moc& y) { return sorts_before(sort, x, y); });
    std::string ids;
    for (const Moc& m : v) ids += m.id;
    return ids;
  };
  EXPECT_EQ(order({MocSortKey::Title, false}), "cab");  // alpha, then Beta < beta bytewise
  EXPECT_EQ(order({MocSortKey::Title, true}), "bac");
  EXPECT_EQ(order({MocSortKey::Coverage, false}), "cab");
  EXPECT_EQ(order({MocSortKey::Coverage, true}), "abc");  // ties by id ascending either way
  EXPECT_EQ(order({MocSortKey::Created, true}), "cab");
}

TEST(MocQuery, ApiTargetNamesEveryParameter) {
  const MocQuery q = query("a b&c", "Star Wars", BuildStatus::InProgress,
                           PartsCoverageStatus::PartialOrdered, {MocSortKey::Title, false});
  EXPECT_EQ(api_target(q, "xyz", 50),
            "/api/mocs?limit=50&cursor=xyz&q=a%20b%26c&theme=Star%20Wars&buildStatus=IN_PROGRESS"
            "&coverageStatus=PARTIAL_ORDERED&sort=title");
  EXPECT_EQ(api_target({}, "", 500), "/api/mocs?limit=500&sort=-created");
}

TEST(MocQuery, PageQueryRoundTripsAndIgnoresNonsense) {
  const MocQuery q =
      query("tower \xC3\xA9", "City", std::nullopt, std::nullopt, {MocSortKey::Coverage, true});
  EXPECT_EQ(page_query(q), "q=tower%20%C3%A9&theme=City&sort=-coverage");
  EXPECT_EQ(query_from_page(page_query(q)), q);
  EXPECT_EQ(page_query({}), "");
  EXPECT_EQ(query_from_page("q=a+b&sort=bogus&buildStatus=NOPE&x&theme=%zz"), query("a b"));
  EXPECT_EQ(sort_from_param("-updated"), (MocSort{MocSortKey::Updated, true}));
  EXPECT_EQ(sort_from_param("size"), std::nullopt);
}

}  // namespace
}  // namespace dashboard::core::client
