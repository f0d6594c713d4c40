#include "workloads.hpp"

#include <array>
#include <cstdint>
#include <random>
#include <string_view>
#include <utility>

#include "core/json_codec.hpp"
#include "core/socketio/socketio.hpp"
#include "core/timestamp.hpp"

namespace client_apply {
namespace {

using namespace dashboard::core;

// The demo seed's ten themes (server/store/demo_data.cpp) and six more;
// names include spaces and an ampersand.
constexpr std::array<const char*, kThemes> kThemeNames{
    "Space",   "Castle",    "City",         "Technic",     "Pirates",   "Trains",
    "Ninjago", "Botanical", "Architecture", "Steampunk",   "Star Wars", "Harry Potter",
    "Ideas",   "Friends",   "Creator 3in1", "Art & Mosaic"};
// Titles include a quote (escaped on the wire) and non-ASCII UTF-8, so the
// decoder does real string work, not just memcpy.
constexpr std::array<const char*, 8> kAdjectives{"Galaxy", "Royal",       "Harbour", "Pneumatic",
                                                 "Skull",  "Caf\xC3\xA9", "Brass",   "Alpine"};
constexpr std::array<const char*, 8> kNouns{
    "Explorer", "Keep \"Blackfalcon\"", "Bakery",  "Crane",
    "Galleon",  "Corner Annex",         "Airship", "Express"};

// Mutations are ~37 s apart from a fixed start, so timestamps carry millis.
constexpr UnixMillis kStart = 1795428000000;  // 2026-11-23T10:00:00Z
constexpr UnixMillis kStep = 37013;

// Mutations applied before the snapshot, so its lists are full.
constexpr int kWarmUpMutations = 40;

// A collection that grows one MOC (with partial parts coverage) at a time.
// Uses raw mt19937 output only: distributions differ between libstdc++ and
// libc++, and the native and WASM runs must see the same bytes.
class Collection {
 public:
  Collection() {
    view_.summary.total_wishlist_items = 12;
    for (std::size_t i = 0; i < kThemes; ++i) {
      view_.theme_breakdown.push_back({kThemeNames[i], 0, static_cast<std::int64_t>(i % 5)});
    }
    for (int i = 0; i < kWarmUpMutations; ++i) Mutate();
  }

  const DashboardView& view() const { return view_; }

  // Adds one MOC; returns the four events the server sends for it, in its
  // order (server/store/outbox.cpp: events_between).
  std::array<EventPayload, 4> Mutate() {
    ++mutations_;
    const std::string now = format_rfc3339_utc(kStart + kStep * mutations_);
    const std::size_t theme = Pick(kThemes);
    const auto status = static_cast<BuildStatus>(Pick(3));

    RecentMoc moc;
    moc.id = Uuid();
    moc.title = std::string(kAdjectives[Pick(8)]) + " " + kNouns[Pick(8)] + " Mk " +
                std::to_string(mutations_);
    moc.theme = kThemeNames[theme];
    moc.build_status = status;
    if (mutations_ % 3 != 0)
      moc.cover_image_url = "https://img.example.com/mocs/" + moc.id + ".jpg";
    moc.created_at = now;

    auto& recent = view_.recent_mocs;
    recent.insert(recent.begin(), moc);
    if (recent.size() > kRecentMocLimit) recent.resize(kRecentMocLimit);

    DashboardSummary& s = view_.summary;
    ++s.total_mocs;
    s.total_wishlist_items += mutations_ % 2;
    ++s.mocs_by_build_status[static_cast<std::size_t>(status)];
    ++s.mocs_by_coverage_status[static_cast<std::size_t>(PartsCoverageStatus::PartialOrdered)];

    ++view_.theme_breakdown[theme].moc_count;

    auto& partial = view_.partial_parts_mocs;
    // Quarters: exact in binary, so the decoded double equals the sent one.
    partial.insert(partial.begin(), PartialPartsMoc{moc.id, moc.title, moc.theme, status,
                                                    static_cast<double>(Pick(400)) / 4, now});
    if (partial.size() > kPartialRows) partial.resize(kPartialRows);

    return {EventPayload{moc}, EventPayload{s}, EventPayload{view_.theme_breakdown},
            EventPayload{partial}};
  }

  // A random UUID v4, lower-case like the server's.
  std::string Uuid() {
    constexpr std::string_view kHex = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 32; ++i) {
      if (i == 8 || i == 12 || i == 16 || i == 20) id += '-';
      char c = kHex[Pick(16)];
      if (i == 12) c = '4';
      if (i == 16) c = kHex[8 + Pick(4)];
      id += c;
    }
    return id;
  }

  std::string Timestamp() const { return format_rfc3339_utc(kStart + kStep * mutations_); }

 private:
  std::size_t Pick(std::size_t n) { return rng_() % n; }

  DashboardView view_;
  std::mt19937 rng_{20261123};
  std::int64_t mutations_ = 0;
};

// Encodes the way server/realtime/hub.cpp does: payload, envelope, frame.
std::string Frame(const DashboardEvent& e) {
  const std::string envelope =
      encode_envelope(e.event_id, e.type(), e.timestamp, e.seq, encode_payload(e.payload));
  return sio::encode_event_frame("/dashboard", to_string(e.type()), envelope);
}

// `only`: one EventType's index, or -1 for all four (the mix).
Workload Make(std::string name, int only) {
  Workload w;
  w.name = std::move(name);
  Collection collection;
  w.snapshot = collection.view();
  w.snapshot.version = 0;
  w.expected = w.snapshot;
  while (w.frames.size() < kFramesPerPass) {
    for (EventPayload& payload : collection.Mutate()) {
      if (only >= 0 && static_cast<int>(payload.index()) != only) continue;
      DashboardEvent event{collection.Uuid(), collection.Timestamp(),
                           static_cast<std::int64_t>(w.frames.size() + 1), std::move(payload)};
      w.frames.push_back(Frame(event));
      w.bytes += w.frames.back().size();
      w.sent.push_back(std::move(event));
    }
  }
  // What the collection says, independent of the client's reducers.
  const DashboardView& last = collection.view();
  w.expected.version = static_cast<std::int64_t>(w.frames.size());
  const auto sends = [only](EventType type) { return only < 0 || only == static_cast<int>(type); };
  if (sends(EventType::RecentMocAdded)) w.expected.recent_mocs = last.recent_mocs;
  if (sends(EventType::SummaryUpdated)) w.expected.summary = last.summary;
  if (sends(EventType::ThemeBreakdownUpdated)) w.expected.theme_breakdown = last.theme_breakdown;
  if (sends(EventType::PartialPartsUpdated)) {
    w.expected.partial_parts_mocs = last.partial_parts_mocs;
  }
  return w;
}

}  // namespace

std::vector<Workload> MakeWorkloads() {
  std::vector<Workload> all;
  all.push_back(Make("mix", -1));
  for (EventType type : {EventType::RecentMocAdded, EventType::SummaryUpdated,
                         EventType::ThemeBreakdownUpdated, EventType::PartialPartsUpdated}) {
    all.push_back(Make(std::string(to_string(type).substr(std::string_view("dashboard:").size())),
                       static_cast<int>(type)));
  }
  return all;
}

}  // namespace client_apply
