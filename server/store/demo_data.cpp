#include "store/demo_data.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

#include "auth/password.hpp"
#include "clock.hpp"
#include "store/sql_store.hpp"

namespace dashboard::server::store {
namespace {

struct ThemeWords {
  const char* theme;
  std::array<const char*, 4> adjectives;
  std::array<const char*, 4> nouns;
};

constexpr std::array<ThemeWords, 10> kThemes{{
    {"Space",
     {"Galaxy", "Lunar", "Orbital", "Nebula"},
     {"Explorer", "Outpost", "Cruiser", "Rover"}},
    {"Castle", {"Black", "Royal", "Forest", "Dragon"}, {"Keep", "Gatehouse", "Tower", "Armoury"}},
    {"City",
     {"Harbour", "Downtown", "Corner", "Riverside"},
     {"Bakery", "Fire Station", "Tram", "Market"}},
    {"Technic",
     {"Heavy", "Rally", "Crawler", "Pneumatic"},
     {"Crane", "Truck", "Excavator", "Loader"}},
    {"Pirates", {"Skull", "Coral", "Storm", "Golden"}, {"Galleon", "Hideout", "Fort", "Schooner"}},
    {"Trains", {"Alpine", "Night", "Freight", "Steam"}, {"Express", "Depot", "Shunter", "Viaduct"}},
    {"Architecture",
     {"Brutalist", "Gothic", "Art Deco", "Modern"},
     {"Library", "Cathedral", "Tower", "Villa"}},
    {"Ninjago", {"Temple", "Shadow", "Jade", "Storm"}, {"Dojo", "Dragon", "Monastery", "Mech"}},
    {"Botanical",
     {"Desert", "Alpine", "Tropical", "Bonsai"},
     {"Garden", "Terrarium", "Bouquet", "Greenhouse"}},
    {"Steampunk",
     {"Brass", "Clockwork", "Aether", "Copper"},
     {"Airship", "Workshop", "Automaton", "Observatory"}},
}};

// Most MOCs have a cover drawn by scripts/make_covers.py, one per theme,
// served by this server from site/covers/. One in five has none; one of
// bob's newest points at a cover that is gone (404), so the thumbnail's
// placeholder and failure paths both show in the demo.
std::optional<std::string> demo_cover(std::string_view theme, int index, unsigned seed) {
  if (index % 5 == 2) return std::nullopt;
  if (seed == 2 && index == kDemoMocsPerUser - 4) return "/covers/lost-in-the-attic.png";
  std::string url = "/covers/";
  for (const char c : theme) {
    url += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return url + ".png";
}

constexpr std::array<const char*, 3> kRetiredSets{"10497 Galaxy Explorer",
                                                  "10305 Lion Knights' Castle", "21330 Home Alone"};

// Moves time forward ~22 hours per write, ending near the real now, so the
// seeded collection reads like months of activity.
class SeedClock final : public Clock {
 public:
  SeedClock(core::UnixMillis end, int writes) : end_(end), now_(end - step * writes) {}
  core::UnixMillis now() const override {
    now_ = std::min(end_, now_ + step + jitter_(rng_));
    return now_;
  }

 private:
  static constexpr core::UnixMillis step = 22 * 3600 * 1000LL;
  core::UnixMillis end_;
  mutable core::UnixMillis now_;
  mutable std::mt19937 rng_{7};
  mutable std::uniform_int_distribution<core::UnixMillis> jitter_{0, 3600 * 1000LL};
};

void seed_collection(DashboardStore& store, UserId user, unsigned seed) {
  std::mt19937 rng(seed);
  const auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  for (int i = 0; i < 12; ++i) {
    const ThemeWords& words = kThemes[static_cast<std::size_t>(pick(10))];
    store.add_set(
        user, std::to_string(10000 + pick(90000)) + "-1",
        std::string(words.adjectives[0]) + " " + words.nouns[static_cast<std::size_t>(pick(4))],
        words.theme);
  }
  for (const char* set : kRetiredSets) store.add_wishlist_item(user, set, std::nullopt);
  for (int i = 0; i < 4 + static_cast<int>(seed); ++i) {
    store.add_wishlist_item(user, "Parts for MOC " + std::to_string(1 + pick(kDemoMocsPerUser)),
                            std::nullopt);
  }
  // MOCs last, so the newest ones are days old, not weeks.
  for (int i = 0; i < kDemoMocsPerUser; ++i) {
    const ThemeWords& words = kThemes[static_cast<std::size_t>(i % 10 < 7 ? pick(10) : i % 10)];
    NewMoc moc;
    moc.theme = words.theme;
    moc.title = std::string(words.adjectives[static_cast<std::size_t>(pick(4))]) + " " +
                words.nouns[static_cast<std::size_t>(pick(4))] + " " + std::to_string(i + 1);
    moc.build_status = core::kBuildStatuses[static_cast<std::size_t>(pick(3))];
    moc.cover_image_url = demo_cover(moc.theme, i, seed);
    const int coverage = pick(10);
    if (coverage < 4) {
      moc.parts_coverage_status = core::PartsCoverageStatus::FullInventory;
      moc.coverage_percentage = 100;
    } else if (coverage < 7) {
      moc.parts_coverage_status = core::PartsCoverageStatus::PartialOrdered;
      moc.coverage_percentage = 5 + pick(90) + pick(10) / 10.0;
    } else {
      moc.parts_coverage_status = core::PartsCoverageStatus::None;
    }
    const auto created = store.create_moc(user, moc);
    if (!created) throw std::runtime_error("seeding a MOC failed: " + created.error().message);
  }
}

}  // namespace

DemoSeedResult seed_demo(const std::shared_ptr<sql::Database>& database) {
  const core::UnixMillis end = system_clock()->now();
  // Roughly the number of writes one user's collection takes.
  constexpr int kWritesPerUser = kDemoMocsPerUser + 12 + 12;

  DemoSeedResult result;
  const std::array<std::pair<const char*, const char*>, 2> users{
      {{"alice", "alice-bricks"}, {"bob", "bob-bricks"}}};
  unsigned seed = 1;
  for (const auto& [name, password] : users) {
    DemoLogin login{name, password, false};
    // Each user's history spans the same months, ending now.
    SqlStore store(database, std::make_shared<SeedClock>(end, kWritesPerUser), random_ids());
    if (!store.find_user(name)) {
      // alice administers the demo server (she sees every service on /status).
      const auto role = seed == 1 ? UserRole::Admin : UserRole::Member;
      const auto user = store.create_user(name, auth::hash_password(password), role);
      if (user) {
        seed_collection(store, user->id, seed);
        login.created = true;
      } else if (user.error().kind != StoreError::Kind::Conflict) {
        // Conflict: another instance sharing the database seeded it first.
        throw std::runtime_error("creating demo user failed: " + user.error().message);
      }
    }
    ++seed;
    result.logins.push_back(login);
  }
  // Two demo users can try the shared board at once: alice's is bob's to edit.
  if (result.logins[0].created) {
    SqlStore store(database, system_clock(), random_ids());
    const auto alice = store.find_user("alice");
    if (alice) store.share_board(alice->id, "bob", BoardRole::Editor);
  }
  return result;
}

}  // namespace dashboard::server::store
