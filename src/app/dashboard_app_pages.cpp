// DashboardApp's routed pages: draw_page() picks the page for the route
// and hands it its view from the clients; act_on_page() hands back what
// the person did there.
#include <imgui.h>

#include <string>
#include <utility>
#include <vector>

#include "app/dashboard_app.hpp"
#include "core/client/moc_query.hpp"
#include "ui/pages/gallery_page.hpp"
#include "ui/pages/not_found_page.hpp"

namespace dashboard::app {

float DashboardApp::draw_page(const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min, ImVec2 max,
                              ui::ShellOutput& out, core::UnixMillis now) {
  using core::client::Page;
  ui::CardReport report{.test_id = ui::page_test_id(route_.page)};
  report.min = min;
  report.max = max;
  ui::PageFrame frame{ctx, io, report, min, max};
  ui::PageActions actions;
  float height = max.y - min.y;
  CollectionClient* c = collection_;
  const std::vector<std::string> no_themes;
  const std::vector<std::string>& themes = c != nullptr ? c->themes() : no_themes;
  // Rows of a list as shown: a row a pending delete hides is left out.
  const auto shown_rows = [c](const core::client::MocList* list) {
    std::vector<std::string> ids;
    if (list == nullptr) return ids;
    ids = list->ids();
    std::erase_if(ids, [c](const std::string& id) { return c->pending(id) && !c->moc(id); });
    return ids;
  };
  switch (route_.page) {
    case Page::Dashboard:
      break;
    case Page::Mocs: {
      ui::MocsPageView view;
      view.query = mocs_query_;
      view.themes = themes;
      std::vector<std::string> ids;
      if (c != nullptr) {
        c->want_list(mocs_query_, mocs_rows_wanted_);
        c->want_themes();
        if (const core::client::MocList* list = c->list(mocs_query_)) {
          ids = shown_rows(list);
          view.total = list->total() - static_cast<std::int64_t>(list->ids().size() - ids.size());
          view.loaded_once = list->loaded_once();
          view.error = list->error();
        }
      }
      view.rows = ids.size();
      view.row = [c, &ids](std::size_t i) { return c->moc(ids[i]); };
      if (!mocs_state_.started) mocs_state_.editing = mocs_query_;
      ui::draw_mocs_page(frame, view, mocs_state_, now, actions);
      mocs_rows_wanted_ = actions.rows_wanted;
      page_animating_ = mocs_state_.editing.search != mocs_query_.search;
      break;
    }
    case Page::Moc: {
      ui::MocPageView view;
      view.id = route_.moc_id;
      view.themes = themes;
      if (c != nullptr) {
        c->want_moc(route_.moc_id);
        c->want_themes();
        view.moc = c->moc(route_.moc_id);
        view.saving = c->pending(route_.moc_id);
        view.error = c->moc_error(route_.moc_id);
        switch (c->moc_status(route_.moc_id)) {
          case MocStatus::Loading:
            view.status = ui::MocPageStatus::Loading;
            break;
          case MocStatus::Shown:
            view.status = ui::MocPageStatus::Shown;
            break;
          case MocStatus::NotFound:
            view.status = ui::MocPageStatus::NotFound;
            break;
          case MocStatus::Deleted:
            view.status = ui::MocPageStatus::Deleted;
            break;
          case MocStatus::Failed:
            view.status = ui::MocPageStatus::Failed;
            break;
        }
        if (const Conflict* conflict = c->conflict(route_.moc_id)) {
          view.conflict_mine = &conflict->mine;
          view.conflict_theirs = &conflict->theirs;
        }
        const std::string id = route_.moc_id;
        view.field_error = [c, id](std::string_view field) { return c->field_error(id, field); };
      }
      height = ui::draw_moc_page(frame, view, moc_state_, actions);
      break;
    }
    case Page::AddMoc: {
      ui::AddMocView view;
      view.themes = themes;
      if (c != nullptr) {
        c->want_themes();
        view.busy = c->create_state().busy;
        view.error = c->create_state().error;
        view.field = c->create_state().field;
      }
      height = ui::draw_add_moc_page(frame, view, add_state_, now, actions);
      page_animating_ = add_state_.url_changed_at != 0;
      break;
    }
    case Page::Wishlist: {
      ui::WishlistView view;
      std::vector<core::WishlistItem> items;
      if (c != nullptr) {
        c->want_wishlist();
        items = c->wishlist();
        view.loaded = c->wishlist_loaded();
        view.error = c->wishlist_error();
        view.name_error = c->field_error("wishlist", "name");
        view.set_number_error = c->field_error("wishlist", "setNumber");
      }
      view.items = items;
      height = ui::draw_wishlist_page(frame, view, wishlist_state_, actions);
      break;
    }
    case Page::Gallery: {
      ui::GalleryView view;
      std::vector<std::string> ids;
      const core::client::MocQuery newest;
      if (c != nullptr) {
        c->want_list(newest, gallery_rows_wanted_);
        if (const core::client::MocList* list = c->list(newest)) {
          ids = shown_rows(list);
          view.total = list->total() - static_cast<std::int64_t>(list->ids().size() - ids.size());
          view.loaded_once = list->loaded_once();
          view.error = list->error();
        }
      }
      view.rows = ids.size();
      view.moc = [c, &ids](std::size_t i) { return c->moc(ids[i]); };
      ui::draw_gallery_page(frame, view, actions);
      gallery_rows_wanted_ = actions.rows_wanted;
      break;
    }
    case Page::Board:
      draw_board(frame, actions, now, height);
      break;
    case Page::Sharing:
      draw_sharing(frame, actions, height);
      break;
    case Page::SignUp:  // signed in: prepare_account_pages leaves it for the dashboard
      break;
    case Page::Password: {
      ui::PasswordView view;
      if (live_ != nullptr) view.username = live_->username();
      if (account_ != nullptr) {
        view.busy = account_->form().busy;
        view.done = account_->form().done;
        view.errors = &account_->form().errors;
      }
      password_request_ = ui::draw_password_page(frame, view, password_memory_, height);
      break;
    }
    case Page::Messages:
      draw_messages(frame, actions, height);
      break;
    case Page::Notifications:
      draw_notifications(frame, actions, height);
      break;
    case Page::Status:
      draw_status(frame, actions, now, height);
      break;
    case Page::NotFound:
      height = ui::draw_not_found_page(frame, route_.path, actions);
      break;
  }
  out.cards.push_back(std::move(report));
  page_actions_ = std::move(actions);
  return height;
}

void DashboardApp::act_on_page(const ui::PageActions& a, core::UnixMillis now) {
  (void)now;
  if (a.navigate) navigate(route_for(*a.navigate, targets_));
  if (a.query) {
    mocs_query_ = *a.query;
    core::client::Route r = route_;
    r.query = core::client::page_query(mocs_query_);
    route_ = r;
    replacement_ = core::client::route_path(route_);
  }
  if (a.go_to) navigate(*a.go_to);
  if (a.refresh_service && status_ != nullptr) status_->refresh(*a.refresh_service);
  act_on_board(a);
  act_on_messages(a);
  if (a.cancel) {
    if (navigated_) {
      back_ = true;
    } else {
      navigate("/mocs");
    }
  }
  CollectionClient* c = collection_;
  if (c == nullptr) return;
  if (a.retry) c->retry_reads();
  if (a.retry && board_ != nullptr) board_->retry();
  if (a.edit) c->update_moc(a.edit->id, a.edit->patch, a.edit->label, a.edit->base_version);
  if (a.clear_field_error) c->clear_field_error(route_.moc_id, *a.clear_field_error);
  if (a.delete_moc) {
    c->delete_moc(*a.delete_moc);
    navigate("/mocs");
  }
  if (a.apply_again) c->apply_again(route_.moc_id);
  if (a.dismiss_conflict) c->dismiss_conflict(route_.moc_id);
  if (a.create) c->create_moc(*a.create);
  if (a.add_wish) c->add_wishlist_item(a.add_wish->name, a.add_wish->set_number);
  if (a.remove_wish) c->remove_wishlist_item(*a.remove_wish);
  // A MOC the form added opens in place of the form.
  if (const std::optional<std::string> created = c->create_state().created_id) {
    c->reset_create();
    ui::FieldIo io{shell_state_.fields, shell_state_.submitted_forms, last_frame_.fields,
                   last_frame_.forms, shell_.dom_text_input};
    ui::reset_add_moc(io, add_state_);
    if (route_.page == core::client::Page::AddMoc) {
      set_route("/mocs/" + core::client::encode_path_segment(*created));
      replacement_ = core::client::route_path(route_);
    }
  }
}

}  // namespace dashboard::app
