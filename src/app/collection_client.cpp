// [SECTION] Helpers
// [SECTION] Session and stream
// [SECTION] Reads
#include "app/collection_client.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <variant>

#include "app/api_error.hpp"
#include "app/moc_wire.hpp"
#include "core/client/route.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {

using core::Moc;
using core::UnixMillis;
using core::client::Edit;
using core::client::EditKind;
using core::client::MocQuery;

// [SECTION] Helpers

namespace {

constexpr std::size_t kListSlots = 3;

bool less_folded(const std::string& a, const std::string& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

CollectionClient::CollectionClient(Transport& transport, LiveClient& live)
    : live_(live), requests_(transport, live) {}

CollectionClient::~CollectionClient() = default;

bool CollectionClient::can_send() const {
  return requests_.can_send();
}

void CollectionClient::request(HttpRequest req, std::function<void(const HttpResponse&)> done) {
  requests_.send(std::move(req), now_, [this, done = std::move(done)](const HttpResponse& r) {
    done(r);
    pump();
  });
}

// [SECTION] Session and stream

void CollectionClient::reset() {
  requests_.reset();  // answers on their way belong to the old session
  collection_ = {};
  queue_ = core::client::EditQueue();
  lists_.clear();
  details_.clear();
  wishlist_ = {};
  themes_read_ = {};
  themes_.clear();
  conflicts_.clear();
  own_versions_.clear();
  created_.clear();
  origins_.reset();
  elsewhere_ = {};
  undoable_.clear();
  field_errors_.clear();
  retries_.clear();
  create_ = {};
  create_key_.clear();
  create_body_.clear();
  toasts_.clear();
}

void CollectionClient::update(UnixMillis now) {
  now_ = now;
  if (live_.generation() != live_generation_ || live_.username() != live_user_) {
    live_generation_ = live_.generation();
    live_user_ = live_.username();
    reset();
  }
  requests_.update(now);
  follow_stream();
  queue_.tick(now);
  pump();
}

std::optional<UnixMillis> CollectionClient::next_deadline() const {
  std::optional<UnixMillis> next = queue_.next_deadline();
  if (const std::optional<UnixMillis> resend = requests_.next_deadline()) {
    next = next ? std::min(*next, *resend) : *resend;
  }
  return next;
}

void CollectionClient::follow_stream() {
  for (const core::client::StreamStep& step : live_.take_steps()) {
    note_origin(step);  // before the queue settles what the step confirms
    if (step.entity) collection_.on_event(*step.entity);
    queue_.on_step(step, now_);
  }
  if (const std::optional<std::int64_t> jump = live_.take_adopted_snapshot()) {
    // Events up to the snapshot will never arrive: what was read before it
    // may have missed changes, so it is read again (and shown meanwhile).
    collection_.forget_seqs();
    origins_.reset();
    for (ListSlot& s : lists_) {
      if (s.list.loaded_once() && s.list.read_version() < *jump) s.list.reload();
    }
    for (auto& [id, detail] : details_) detail.fetched = false;
    if (wishlist_.fetched && wishlist_.version < *jump) wishlist_.fetched = false;
  }
  const bool overflowed = collection_.overflowed();
  for (const core::client::MocChange& change : collection_.take_changes()) {
    for (ListSlot& s : lists_) s.list.on_change(change, collection_);
    if (change.after) note_theme(change.after->theme);
  }
  if (overflowed) {
    for (ListSlot& s : lists_) s.list.reload();
  }
}

// [SECTION] Changes made elsewhere
//
// The user stream does not say who made a change: every tab of the user
// gets the same events, and the server writes no request or client id into
// them (topic events carry the request's X-Request-Id as trace_id, the
// user stream does not). But this tab knows what it sent: an entity event
// is its own while an edit of that entity is in the queue (sent, or
// confirmed and settling until its event is in: the event may come before
// or after the answer), when its version is one this tab's answers
// produced, or when it is a MOC this tab's form created or deleted.
// CommitOrigins carries the verdict to the slice events of the same
// commit. Everything else was made elsewhere. (Another tab's edit of the
// same MOC while this tab's own is in flight counts as this tab's: rare,
// and the pill is a courtesy, not a record.)

bool CollectionClient::edits(core::client::EditKind kind, std::string_view target) const {
  return std::any_of(queue_.edits().begin(), queue_.edits().end(), [kind, target](const Edit& e) {
    return e.kind == kind && e.target == target;
  });
}

bool CollectionClient::own_change(const core::DashboardEvent& event) const {
  const auto own_version = [this](const Moc& m) {
    const auto own = own_versions_.find(m.id);
    return own != own_versions_.end() && own->second.count(m.version) != 0;
  };
  // A confirmed edit that already saw its own event stays a while (for the
  // cards); a later event of the same entity is another commit.
  const auto any_edit_of = [this, &event](std::string_view id) {
    return std::any_of(queue_.edits().begin(), queue_.edits().end(), [id, &event](const Edit& e) {
      return e.target == id && (e.state != core::client::EditState::Settling || e.seen_seq == 0 ||
                                e.seen_seq == event.seq);
    });
  };
  if (const auto* added = std::get_if<core::MocAdded>(&event.payload)) {
    // The form's POST may be answered after its event: while it is out, a
    // new MOC is taken for its own.
    return create_.busy || created_.count(added->moc.id) != 0 || any_edit_of(added->moc.id) ||
           own_version(added->moc);
  }
  if (const auto* updated = std::get_if<core::MocUpdated>(&event.payload)) {
    return any_edit_of(updated->moc.id) || own_version(updated->moc);
  }
  if (const auto* deleted = std::get_if<core::MocDeleted>(&event.payload)) {
    return edits(EditKind::DeleteMoc, deleted->id) || undoable_.count(deleted->id) != 0;
  }
  if (const auto* item = std::get_if<core::WishlistItemAdded>(&event.payload)) {
    // An add's target is a local id until it is answered: matched by name.
    return std::any_of(queue_.edits().begin(), queue_.edits().end(), [item](const Edit& e) {
      return e.kind == EditKind::AddWishlistItem &&
             (e.item.id == item->item.id || e.item.name == item->item.name);
    });
  }
  if (const auto* removed = std::get_if<core::WishlistItemRemoved>(&event.payload)) {
    return edits(EditKind::RemoveWishlistItem, removed->id);
  }
  return false;
}

void CollectionClient::note_origin(const core::client::StreamStep& step) {
  const bool own = step.entity && own_change(*step.entity);
  if (!origins_.elsewhere(step, own)) return;
  if (step.entity) {
    const core::EventPayload& payload = step.entity->payload;
    if (const auto* added = std::get_if<core::MocAdded>(&payload)) {
      elsewhere_.mocs.insert(added->moc.id);
    } else if (const auto* updated = std::get_if<core::MocUpdated>(&payload)) {
      elsewhere_.mocs.insert(updated->moc.id);
    } else if (const auto* deleted = std::get_if<core::MocDeleted>(&payload)) {
      elsewhere_.mocs.insert(deleted->id);
    } else {
      elsewhere_.wishlist = true;
    }
    return;
  }
  if (!core::is_messaging_event(step.type) && step.type != core::EventType::Error) {
    elsewhere_.dashboard = true;
  }
}

void CollectionClient::note_theme(const std::string& theme) {
  const auto at = std::lower_bound(themes_.begin(), themes_.end(), theme, less_folded);
  if (at != themes_.end() && *at == theme) return;
  if (std::find(themes_.begin(), themes_.end(), theme) != themes_.end()) return;
  themes_.insert(at, theme);
}

void CollectionClient::pump() {
  if (!can_send()) return;
  send_list_requests();
  for (auto& [id, detail] : details_) {
    if (detail.in_flight || detail.fetched || !detail.error.empty()) continue;
    detail.in_flight = true;
    const std::string key = id;
    request(get_request(moc_path(id), ""), [this, key](const HttpResponse& response) {
      Detail& d = details_[key];
      d.in_flight = false;
      if (response.status == 200) {
        if (const std::optional<Moc> moc = decode_moc_body(response.body)) {
          d.fetched = true;
          d.missing = false;
          collection_.merge_response(*moc);
          follow_stream();
          return;
        }
        d.error = "The server sent a MOC this page cannot read.";
        return;
      }
      if (response.status == 404 || response.status == 403) {
        d.fetched = true;
        d.missing = true;
        if (collection_.moc(key) != nullptr) collection_.mark_deleted(key);
        follow_stream();
        return;
      }
      d.error = read_api_error(response).message;
    });
  }
  if (want_wishlist_ && !wishlist_.fetched && !wishlist_.in_flight && wishlist_.error.empty()) {
    wishlist_.in_flight = true;
    request(get_request("/api/wishlist", ""), [this](const HttpResponse& response) {
      wishlist_.in_flight = false;
      rapidjson::Document doc;
      core::Error error;
      if (response.status == 200 && core::json_text::parse(response.body, doc, error) &&
          doc.IsObject() && doc.HasMember("items") && doc["items"].IsArray()) {
        std::vector<core::WishlistItem> items;
        for (const auto& value : doc["items"].GetArray()) {
          core::WishlistItem item;
          if (core::decode_wishlist_item(value, core::JsonPath(), item, error)) {
            items.push_back(std::move(item));
          }
        }
        std::int64_t version = 0;
        if (doc.HasMember("version") && doc["version"].IsInt64()) {
          version = doc["version"].GetInt64();
        }
        wishlist_.fetched = true;
        wishlist_.version = version;
        collection_.on_wishlist(std::move(items), version);
        return;
      }
      wishlist_.error = response.status == 200 ? "The server sent a wishlist this page cannot read."
                                               : read_api_error(response).message;
    });
  }
  if (want_themes_ && !themes_read_.fetched && !themes_read_.in_flight &&
      themes_read_.error.empty()) {
    themes_read_.in_flight = true;
    request(get_request("/api/themes", ""), [this](const HttpResponse& response) {
      themes_read_.in_flight = false;
      rapidjson::Document doc;
      core::Error error;
      if (response.status == 200 && core::json_text::parse(response.body, doc, error) &&
          doc.IsObject() && doc.HasMember("themes") && doc["themes"].IsArray()) {
        themes_read_.fetched = true;
        for (const auto& value : doc["themes"].GetArray()) {
          if (value.IsString() && value.GetStringLength() > 0) {
            note_theme({value.GetString(), value.GetStringLength()});
          }
        }
        return;
      }
      themes_read_.error = read_api_error(response).message;
    });
  }
  for (const Edit& edit : queue_.take_ready()) send_edit(edit);
}

// [SECTION] Reads

CollectionClient::ListSlot* CollectionClient::slot(const MocQuery& query) {
  for (ListSlot& s : lists_) {
    if (s.query == query) return &s;
  }
  return nullptr;
}

void CollectionClient::want_list(const MocQuery& query, std::size_t rows) {
  ListSlot* s = slot(query);
  if (s == nullptr) {
    if (lists_.size() >= kListSlots) {
      lists_.erase(
          std::min_element(lists_.begin(), lists_.end(),
                           [](const ListSlot& a, const ListSlot& b) { return a.used < b.used; }));
    }
    lists_.push_back({query, core::client::MocList(query), rows, 0});
    s = &lists_.back();
  }
  s->used = ++uses_;
  if (rows > s->want || !s->list.loading()) s->want = rows;
  send_list_requests();
}

void CollectionClient::send_list_requests() {
  if (!can_send()) return;
  for (ListSlot& s : lists_) {
    const std::optional<core::client::ListRequest> next = s.list.take_request(s.want);
    if (!next) continue;
    const MocQuery query = s.query;
    const std::uint64_t serial = next->serial;
    request(get_request(next->target, ""), [this, query, serial](const HttpResponse& response) {
      ListSlot* target = slot(query);
      if (target == nullptr) return;  // the query is no longer shown
      if (response.status != 200) {
        target->list.on_failed(serial, read_api_error(response).message);
        return;
      }
      const core::Result<core::client::MocPage> page = core::client::decode_moc_page(response.body);
      if (!page) {
        target->list.on_failed(serial, "The server sent a list this page cannot read.");
        return;
      }
      for (const Moc& moc : page->items) collection_.merge_read(moc, page->version);
      follow_stream();
      target = slot(query);
      if (target != nullptr) target->list.on_page(serial, *page, collection_);
    });
  }
}

void CollectionClient::want_moc(std::string_view id) {
  Detail& d = details_[std::string(id)];
  if (collection_.moc(id) != nullptr) d.seen = true;
  pump();
}

void CollectionClient::want_wishlist() {
  want_wishlist_ = true;
  pump();
}

void CollectionClient::want_themes() {
  want_themes_ = true;
  pump();
}

void CollectionClient::retry_reads() {
  for (ListSlot& s : lists_) s.list.retry();
  for (auto& [id, d] : details_) d.error.clear();
  wishlist_.error.clear();
  themes_read_.error.clear();
  pump();
}

const core::client::MocList* CollectionClient::list(const MocQuery& query) const {
  for (const ListSlot& s : lists_) {
    if (s.query == query) return &s.list;
  }
  return nullptr;
}

std::optional<Moc> CollectionClient::moc(std::string_view id) const {
  return queue_.project(id, collection_.moc(id));
}

MocStatus CollectionClient::moc_status(std::string_view id) const {
  if (moc(id)) return MocStatus::Shown;
  const auto it = details_.find(id);
  const bool seen = it != details_.end() && it->second.seen;
  if (collection_.is_deleted(id) || collection_.moc(id) != nullptr) {
    return seen ? MocStatus::Deleted : MocStatus::NotFound;
  }
  if (it == details_.end()) return MocStatus::Loading;
  if (it->second.missing) return MocStatus::NotFound;
  if (!it->second.error.empty()) return MocStatus::Failed;
  return MocStatus::Loading;
}

std::string CollectionClient::moc_error(std::string_view id) const {
  const auto it = details_.find(id);
  return it == details_.end() ? std::string() : it->second.error;
}

std::vector<core::WishlistItem> CollectionClient::wishlist() const {
  return queue_.project_wishlist(collection_.wishlist());
}

core::DashboardView CollectionClient::dashboard(const core::DashboardView& confirmed,
                                                UnixMillis now) const {
  return queue_.project_dashboard(confirmed, collection_, now);
}

}  // namespace dashboard::app
