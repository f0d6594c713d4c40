// moc_list: one query's results as the MOCs page and the gallery show
// them: the MOC ids in the server's order, read page by page with the
// API's cursor (the first page small, so the first screen shows without
// loading everything), with the count of every match. Live changes move a
// row in place: out when it no longer matches, to its sorted position when
// it does (or only counted, when that position is past what is loaded).
// Pure state: it says what to fetch and the caller fetches.
//
//   MocList list(query);
//   if (auto request = list.take_request(rows_on_screen_end + 50)) fetch(request->target);
//   // the answer:
//   for (const Moc& m : page.items) collection.merge_read(m, page.version);
//   list.on_page(request.serial, page, collection);
//   // the stream:
//   for (const MocChange& c : collection.take_changes()) list.on_change(c, collection);
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/client/collection.hpp"
#include "core/client/moc_query.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace dashboard::core::client {

// The body of GET /api/mocs.
struct MocPage {
  std::vector<Moc> items;
  std::optional<std::string> next_cursor;  // nullopt on the last page
  std::int64_t total = 0;                  // every MOC matching the filter
  std::int64_t version = 0;                // the stream seq the page was read at

  bool operator==(const MocPage&) const = default;
};

// Decodes {"items":[MOC...],"nextCursor":..,"total":N,"version":V}; errors
// name the path ("items[3].version: ...").
Result<MocPage> decode_moc_page(std::string_view json);

// A page to read: the API target and the number its answer must quote.
struct ListRequest {
  std::uint64_t serial = 0;
  std::string target;
};

inline constexpr int kFirstPageLimit = 50;
inline constexpr int kNextPageLimit = 500;
// Live changes remembered for counting (see on_page).
inline constexpr std::size_t kMaxCountedChanges = 512;

class MocList {
 public:
  explicit MocList(MocQuery query = {}) : query_(std::move(query)) {}

  const MocQuery& query() const { return query_; }

  // The next page to read, when rows [0, want) are not all loaded and
  // nothing is in flight (one request at a time); nullopt otherwise. The
  // first page asks for kFirstPageLimit rows, later ones for kNextPageLimit.
  std::optional<ListRequest> take_request(std::size_t want);

  // The answer to the request taken. `collection` has merged the page's
  // items already: rows take each MOC as the collection knows it now (a
  // newer state from an event wins, a deleted one is left out). The count
  // is the page's total plus what live changes after the page's version
  // did to it. An answer to a request older than the last reload() (another
  // serial) is ignored.
  void on_page(std::uint64_t serial, const MocPage& page, const Collection& collection);

  // The request failed; take_request() offers it again after retry().
  void on_failed(std::uint64_t serial, std::string error);
  void retry() { error_.clear(); }

  // A MOC changed (a collection change): the row leaves, moves or arrives,
  // and the count follows (once: changes a later page already includes
  // are not counted again; a read moves a listed row but counts nothing).
  // A row arrives only within what is loaded: up to the last row of the
  // last page read (the cursor's place), or anywhere once all is loaded.
  void on_change(const MocChange& change, const Collection& collection);

  // Reads the list again from the first page (the stream skipped events);
  // the rows stay shown until that page lands.
  void reload();

  const std::vector<std::string>& ids() const { return ids_; }
  bool contains(std::string_view id) const { return members_.count(std::string(id)) != 0; }
  // Matching MOCs on the server, as far as the client can tell.
  std::int64_t total() const { return total_; }
  bool loaded_once() const { return loaded_once_; }
  bool complete() const { return loaded_once_ && !reloading_ && !next_cursor_; }
  bool loading() const { return in_flight_; }
  // The stream seq the last page was read at (0 before the first).
  std::int64_t read_version() const { return total_as_of_; }
  const std::string& error() const { return error_; }

 private:
  void insert_sorted(const std::string& id, const Moc& moc, const Collection& collection);
  bool within_loaded(const Moc& moc) const;
  void remove(std::string_view id);

  MocQuery query_;
  std::vector<std::string> ids_;
  std::unordered_set<std::string> members_;
  std::optional<std::string> next_cursor_;
  bool loaded_once_ = false;
  bool reloading_ = false;
  bool in_flight_ = false;
  std::uint64_t serial_ = 0;  // of the request in flight, or the last one
  std::string error_;
  std::int64_t total_ = 0;
  std::int64_t total_as_of_ = 0;  // the version of the page the count came from
  std::optional<Moc> boundary_;   // the last row of the last page, as read: the cursor's place
  struct Counted {
    std::int64_t seq;
    int delta;
  };
  std::deque<Counted> counted_;
};

}  // namespace dashboard::core::client
