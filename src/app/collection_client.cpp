// [SECTION] Helpers
// [SECTION] Session and stream
// [SECTION] Reads
// [SECTION] Edits
// [SECTION] Conflicts and field errors
// [SECTION] Add MOC
#include "app/collection_client.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <variant>

#include "app/api_error.hpp"
#include "core/client/route.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {

using core::Moc;
using core::UnixMillis;
using core::client::Edit;
using core::client::EditKind;
using core::client::MocPatch;
using core::client::MocQuery;

// [SECTION] Helpers

namespace {

constexpr std::size_t kListSlots = 3;
constexpr const char* kQuoteOpen = "\xE2\x80\x9C";
constexpr const char* kQuoteClose = "\xE2\x80\x9D";

std::string quoted(std::string_view text) {
  return kQuoteOpen + std::string(text) + kQuoteClose;
}

std::string moc_path(std::string_view id) {
  return "/api/mocs/" + core::client::encode_path_segment(id);
}

std::string if_match(std::int64_t version) {
  return "\"" + std::to_string(version) + "\"";
}

std::optional<Moc> decode_moc_body(std::string_view body) {
  rapidjson::Document doc;
  core::Error error;
  Moc moc;
  if (!core::json_text::parse(body, doc, error) ||
      !core::decode_moc(doc, core::JsonPath(), moc, error)) {
    return std::nullopt;
  }
  return moc;
}

std::optional<core::WishlistItem> decode_item_body(std::string_view body) {
  rapidjson::Document doc;
  core::Error error;
  core::WishlistItem item;
  if (!core::json_text::parse(body, doc, error) ||
      !core::decode_wishlist_item(doc, core::JsonPath(), item, error)) {
    return std::nullopt;
  }
  return item;
}

bool less_folded(const std::string& a, const std::string& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string error_key(std::string_view id, std::string_view field) {
  return std::string(id) + "\n" + std::string(field);
}

// What a failed edit's toast says it was trying to do.
std::string failure_title(const Edit& edit) {
  switch (edit.kind) {
    case EditKind::UpdateMoc:
      return "Could not save " + edit.label;
    case EditKind::DeleteMoc:
      return "Could not delete " + edit.label;
    case EditKind::RestoreMoc:
      return "Could not bring back " + edit.label;
    case EditKind::AddWishlistItem:
      return "Could not add " + edit.label + " to the wishlist";
    case EditKind::RemoveWishlistItem:
      return "Could not remove " + edit.label + " from the wishlist";
  }
  return "Could not save";
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
  toasts_.clear();
}

void CollectionClient::update(UnixMillis now) {
  now_ = now;
  if (live_.generation() != live_generation_ || live_.username() != live_user_) {
    live_generation_ = live_.generation();
    live_user_ = live_.username();
    reset();
  }
  follow_stream();
  queue_.tick(now);
  pump();
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

// [SECTION] Edits

void CollectionClient::update_moc(std::string_view id, MocPatch patch, std::string label,
                                  std::optional<std::int64_t> base_version) {
  const Moc* confirmed = collection_.moc(id);
  if (confirmed == nullptr || patch.empty()) return;
  for (const std::string& field : core::client::patch_fields(patch)) {
    field_errors_.erase(error_key(id, field));
  }
  Edit edit = core::client::update_moc(*confirmed, std::move(patch), std::move(label));
  if (base_version && *base_version < edit.base_version) {
    // Versions this tab made itself are no news to the person typing.
    std::int64_t base = *base_version;
    const auto own = own_versions_.find(id);
    while (own != own_versions_.end() && own->second.count(base + 1) != 0) ++base;
    edit.base_version = base;
  }
  queue_.submit(std::move(edit));
  pump();
}

void CollectionClient::delete_moc(std::string_view id) {
  const std::optional<Moc> shown = moc(id);
  const Moc* confirmed = collection_.moc(id);
  if (!shown || confirmed == nullptr) return;
  Moc edited = *shown;
  edited.version = confirmed->version;
  undoable_.insert_or_assign(std::string(id), edited);
  queue_.submit(core::client::delete_moc(edited, quoted(shown->title)));
  // Shown at once, like the deletion itself: Undo brings it back.
  toasts_.push_back({Toast::Kind::Info, "Deleted " + quoted(shown->title), "", "Undo",
                     "undo:" + std::string(id), kUndoToastMs});
  pump();
}

void CollectionClient::restore_moc(std::string_view id) {
  // The MOC as it was shown when this tab deleted it.
  const auto it = undoable_.find(id);
  if (it == undoable_.end()) return;
  const Moc last = it->second;
  undoable_.erase(it);
  queue_.submit(core::client::restore_moc(last, quoted(last.title)));
  pump();
}

void CollectionClient::add_wishlist_item(std::string name, std::optional<std::string> set_number) {
  clear_field_errors("wishlist");
  queue_.submit(core::client::add_wishlist_item(std::move(name), std::move(set_number),
                                                core::format_rfc3339_utc(now_)));
  pump();
}

void CollectionClient::remove_wishlist_item(std::string_view id) {
  for (const core::WishlistItem& item : collection_.wishlist()) {
    if (item.id == id) {
      queue_.submit(core::client::remove_wishlist_item(item));
      pump();
      return;
    }
  }
}

void CollectionClient::act(std::string_view key) {
  if (key.rfind("undo:", 0) == 0) {
    restore_moc(key.substr(5));
    return;
  }
  const auto it = retries_.find(key);
  if (it == retries_.end()) return;
  Edit again = std::move(it->second);
  retries_.erase(it);
  queue_.submit(std::move(again));
  pump();
}

void CollectionClient::send_edit(const Edit& edit) {
  HttpRequest req;
  switch (edit.kind) {
    case EditKind::UpdateMoc:
      req = api_request("PATCH", moc_path(edit.target), core::client::encode_patch(edit.patch), "");
      req.if_match = if_match(edit.base_version);
      break;
    case EditKind::DeleteMoc:
      req = api_request("DELETE", moc_path(edit.target), "", "");
      req.if_match = if_match(edit.base_version);
      break;
    case EditKind::RestoreMoc:
      req = api_request("POST", moc_path(edit.target) + "/restore", "{}", "");
      break;
    case EditKind::AddWishlistItem: {
      rapidjson::StringBuffer buffer;
      rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
      w.StartObject();
      w.Key("name");
      w.String(edit.item.name.c_str(), static_cast<rapidjson::SizeType>(edit.item.name.size()));
      if (edit.item.set_number) {
        w.Key("setNumber");
        w.String(edit.item.set_number->c_str(),
                 static_cast<rapidjson::SizeType>(edit.item.set_number->size()));
      }
      w.EndObject();
      req = api_request("POST", "/api/wishlist", {buffer.GetString(), buffer.GetSize()}, "");
      break;
    }
    case EditKind::RemoveWishlistItem:
      req = api_request("DELETE", "/api/wishlist/" + core::client::encode_path_segment(edit.target),
                        "", "");
      break;
  }
  request(std::move(req),
          [this, edit](const HttpResponse& response) { on_edit_answer(edit, response); });
}

void CollectionClient::on_edit_answer(const Edit& edit, const HttpResponse& response) {
  const int status = response.status;
  if (status >= 200 && status < 300) {
    std::optional<Moc> result;
    std::optional<core::WishlistItem> created;
    if (edit.kind == EditKind::UpdateMoc || edit.kind == EditKind::RestoreMoc) {
      result = decode_moc_body(response.body);
    }
    if (edit.kind == EditKind::AddWishlistItem) created = decode_item_body(response.body);
    queue_.confirm(edit.id, result, created, collection_, now_);
    if (result) {
      own_versions_[result->id].insert(result->version);
      collection_.merge_response(*result);
    }
    if (edit.kind == EditKind::DeleteMoc) collection_.mark_deleted(edit.target);
    if (created) collection_.merge_wishlist_item(*created);
    if (edit.kind == EditKind::RemoveWishlistItem) collection_.mark_wishlist_removed(edit.target);
    follow_stream();
    return;
  }
  const ApiError error = read_api_error(response);
  if (status == 409 && (edit.kind == EditKind::UpdateMoc || edit.kind == EditKind::DeleteMoc)) {
    std::vector<Edit> dropped = queue_.conflict(edit.id);
    MocPatch mine;
    for (const Edit& e : dropped) {
      if (e.kind != EditKind::UpdateMoc) continue;
      const MocPatch& p = e.patch;
      if (p.title) mine.title = p.title;
      if (p.theme) mine.theme = p.theme;
      if (p.build_status) mine.build_status = p.build_status;
      if (p.parts_coverage_status) mine.parts_coverage_status = p.parts_coverage_status;
      if (p.coverage_percentage) mine.coverage_percentage = p.coverage_percentage;
      if (p.cover_image_url) mine.cover_image_url = p.cover_image_url;
    }
    if (error.current) {
      collection_.merge_response(*error.current);
    } else {
      details_[edit.target].fetched = false;  // read it again
    }
    const Moc* theirs = collection_.moc(edit.target);
    if (theirs != nullptr) conflicts_[edit.target] = Conflict{mine, *theirs};
    toasts_.push_back(
        {Toast::Kind::Error, "Changed elsewhere",
         edit.label + " was changed in another tab or by the API; yours was not saved.", "", "",
         kFailureToastMs});
    follow_stream();
    return;
  }
  if (status == 404 && edit.kind != EditKind::AddWishlistItem) {
    queue_.fail(edit.id);
    if (edit.kind == EditKind::RemoveWishlistItem) {
      collection_.mark_wishlist_removed(edit.target);  // gone already: what was asked for
      follow_stream();
      return;
    }
    collection_.mark_deleted(edit.target);
    toasts_.push_back({Toast::Kind::Error, failure_title(edit), "It was deleted elsewhere.", "", "",
                       kFailureToastMs});
    follow_stream();
    return;
  }
  if (status == 400 && !error.field.empty()) {
    const std::string owner = edit.kind == EditKind::AddWishlistItem ? "wishlist" : edit.target;
    field_errors_[error_key(owner, error.field)] = error.message;
  }
  edit_failed(
      edit, status == 401 ? "Your session has expired: sign in, then Retry." : error.message, true);
}

void CollectionClient::edit_failed(const Edit& edit, const std::string& message, bool retryable) {
  std::optional<Edit> failed = queue_.fail(edit.id);
  if (!failed) return;
  Toast toast{Toast::Kind::Error, failure_title(*failed), message, "", "", kFailureToastMs};
  if (retryable) {
    const std::string key = "retry:" + std::to_string(next_retry_++);
    toast.action = "Retry";
    toast.action_key = key;
    failed->state = core::client::EditState::Waiting;
    retries_.emplace(key, std::move(*failed));
  }
  toasts_.push_back(std::move(toast));
  follow_stream();
}

// [SECTION] Conflicts and field errors

const Conflict* CollectionClient::conflict(std::string_view id) const {
  const auto it = conflicts_.find(id);
  return it == conflicts_.end() ? nullptr : &it->second;
}

void CollectionClient::apply_again(std::string_view id) {
  const auto it = conflicts_.find(id);
  if (it == conflicts_.end()) return;
  MocPatch mine = it->second.mine;
  conflicts_.erase(it);
  const Moc* now = collection_.moc(id);
  if (now == nullptr || mine.empty()) return;
  queue_.submit(core::client::update_moc(*now, std::move(mine), quoted(now->title)));
  pump();
}

void CollectionClient::dismiss_conflict(std::string_view id) {
  const auto it = conflicts_.find(id);
  if (it != conflicts_.end()) conflicts_.erase(it);
}

std::string CollectionClient::field_error(std::string_view id, std::string_view field) const {
  const auto it = field_errors_.find(error_key(id, field));
  return it == field_errors_.end() ? std::string() : it->second;
}

void CollectionClient::clear_field_error(std::string_view id, std::string_view field) {
  field_errors_.erase(error_key(id, field));
}

void CollectionClient::clear_field_errors(std::string_view id) {
  const std::string prefix = std::string(id) + "\n";
  std::erase_if(field_errors_, [&prefix](const auto& entry) {
    return entry.first.compare(0, prefix.size(), prefix) == 0;
  });
}

// [SECTION] Add MOC

void CollectionClient::create_moc(const MocPatch& fields) {
  if (create_.busy || !can_send()) return;
  create_ = {};
  create_.busy = true;
  request(api_request("POST", "/api/mocs", core::client::encode_patch(fields), ""),
          [this](const HttpResponse& response) {
            create_.busy = false;
            if (response.status == 201 || response.status == 200) {
              if (const std::optional<Moc> moc = decode_moc_body(response.body)) {
                collection_.merge_response(*moc);
                details_[moc->id].seen = true;
                details_[moc->id].fetched = true;
                create_.created_id = moc->id;
                created_.insert(moc->id);
                follow_stream();
                return;
              }
              create_.error = "The server sent a MOC this page cannot read.";
              return;
            }
            const ApiError error = read_api_error(response);
            create_.error = error.message;
            create_.field = error.field;
          });
}

}  // namespace dashboard::app
