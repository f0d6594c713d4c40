// The collection client's edits: the optimistic queue's requests and
// their answers (confirmation, rollback with Retry, "Changed elsewhere"),
// the conflicts and field errors they leave, and the Add MOC form.
// [SECTION] Helpers
// [SECTION] Edits
// [SECTION] Conflicts and field errors
// [SECTION] Add MOC
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "app/api_error.hpp"
#include "app/collection_client.hpp"
#include "app/moc_wire.hpp"
#include "core/client/route.hpp"

namespace dashboard::app {

using core::Moc;
using core::client::Edit;
using core::client::EditKind;
using core::client::MocPatch;

// [SECTION] Helpers

namespace {

constexpr const char* kQuoteOpen = "\xE2\x80\x9C";
constexpr const char* kQuoteClose = "\xE2\x80\x9D";

std::string quoted(std::string_view text) {
  return kQuoteOpen + std::string(text) + kQuoteClose;
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
  submit_edit(std::move(edit));
  pump();
}

void CollectionClient::delete_moc(std::string_view id) {
  const std::optional<Moc> shown = moc(id);
  const Moc* confirmed = collection_.moc(id);
  if (!shown || confirmed == nullptr) return;
  Moc edited = *shown;
  edited.version = confirmed->version;
  undoable_.insert_or_assign(std::string(id), edited);
  submit_edit(core::client::delete_moc(edited, quoted(shown->title)));
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
  submit_edit(core::client::restore_moc(last, quoted(last.title)));
  pump();
}

void CollectionClient::add_wishlist_item(std::string name, std::optional<std::string> set_number) {
  clear_field_errors("wishlist");
  submit_edit(core::client::add_wishlist_item(std::move(name), std::move(set_number),
                                              core::format_rfc3339_utc(now_)));
  pump();
}

void CollectionClient::remove_wishlist_item(std::string_view id) {
  for (const core::WishlistItem& item : collection_.wishlist()) {
    if (item.id == id) {
      submit_edit(core::client::remove_wishlist_item(item));
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
  submit_edit(std::move(again));
  pump();
}

void CollectionClient::submit_edit(Edit edit) {
  if (edit.idempotency_key.empty()) edit.idempotency_key = keys_.next();
  queue_.submit(std::move(edit));
}

void CollectionClient::send_edit(const Edit& edit) {
  HttpRequest req;
  switch (edit.kind) {
    case EditKind::UpdateMoc:
      req = api_request("PATCH", moc_path(edit.target), core::client::encode_patch(edit.patch), "");
      req.if_match = if_match_version(edit.base_version);
      break;
    case EditKind::DeleteMoc:
      req = api_request("DELETE", moc_path(edit.target), "", "");
      req.if_match = if_match_version(edit.base_version);
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
  req.idempotency_key = edit.idempotency_key;
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
  if (key_refused(edit, error)) return;
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

bool CollectionClient::key_refused(const Edit& edit, const ApiError& error) {
  if (error.code == "IDEMPOTENCY_KEY_IN_USE") {
    // Every resend heard the same: the first try may still land. Retry
    // sends the same key, so it never lands twice.
    edit_failed(edit, "The server is still working on this change; Retry in a moment.", true);
    return true;
  }
  if (error.code != "IDEMPOTENCY_KEY_REUSED" && error.code != "IDEMPOTENT_ANSWER_LOST")
    return false;
  // The server may have done it already: a resend would not help, a read
  // of what the server has does.
  if (edit.kind == EditKind::AddWishlistItem || edit.kind == EditKind::RemoveWishlistItem) {
    wishlist_.fetched = false;
  } else {
    details_[edit.target].fetched = false;
    for (ListSlot& s : lists_) s.list.reload();
  }
  edit_failed(edit,
              error.code == "IDEMPOTENT_ANSWER_LOST"
                  ? "It may have been saved already; the page now shows what the server has."
                  : "The server took this for a different change; the page now shows what it has.",
              false);
  return true;
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
  submit_edit(core::client::update_moc(*now, std::move(mine), quoted(now->title)));
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
  std::string body = core::client::encode_patch(fields);
  // The same fields again after a failure are the same MOC: its first try
  // may have made it. Other fields are another MOC, with another key.
  if (create_key_.empty() || body != create_body_) {
    create_key_ = keys_.next();
    create_body_ = body;
  }
  HttpRequest req = api_request("POST", "/api/mocs", std::move(body), "");
  req.idempotency_key = create_key_;
  request(std::move(req), [this](const HttpResponse& response) {
    create_.busy = false;
    if (response.status == 201 || response.status == 200) {
      create_key_.clear();
      create_body_.clear();
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
    if (error.code == "IDEMPOTENCY_KEY_REUSED" || error.code == "IDEMPOTENT_ANSWER_LOST") {
      // It may be made already: the list shows what the server has.
      create_.error = "It may have been added already: check the MOC list before adding it again.";
      create_key_.clear();
      create_body_.clear();
      for (ListSlot& s : lists_) s.list.reload();
    }
  });
}

}  // namespace dashboard::app
