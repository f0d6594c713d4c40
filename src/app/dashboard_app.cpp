#include "app/dashboard_app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

#include "core/client/moc_query.hpp"
#include "ui/navigation.hpp"
#include "ui/pages/gallery_page.hpp"
#include "ui/pages/not_found_page.hpp"

namespace dashboard::app {
namespace {

// Days since the epoch for a civil date (H. Hinnant's algorithm), so the
// zone offset comes from localtime alone, without tm_gmtoff or timegm.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The whole file, or nothing when it cannot be read (C stdio: iostreams
// would add their locale machinery to the WebAssembly build).
std::vector<unsigned char> read_file(const std::string& path) {
  std::vector<unsigned char> bytes;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return bytes;
  unsigned char chunk[65536];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  std::fclose(f);
  return bytes;
}

}  // namespace

std::string route_for(const ui::NavigationIntent& intent, const NavigationTargets& targets) {
  if (const auto* open = std::get_if<ui::OpenMoc>(&intent)) {
    return targets.moc_detail_prefix + core::client::encode_path_segment(open->id);
  }
  if (const auto* section = std::get_if<ui::Section>(&intent)) {
    switch (*section) {
      case ui::Section::Dashboard:
        return targets.dashboard;
      case ui::Section::Mocs:
        return targets.mocs;
      case ui::Section::Gallery:
        return targets.gallery;
      case ui::Section::Wishlist:
        return targets.wishlist;
      case ui::Section::Board:
        return targets.board;
      case ui::Section::Messages:
        return targets.messages;
      case ui::Section::Notifications:
        return targets.notifications;
      case ui::Section::Status:
        return targets.status;
    }
  }
  switch (std::get<ui::QuickAction>(intent)) {
    case ui::QuickAction::AddMoc:
      return targets.add_moc;
    case ui::QuickAction::BrowseGallery:
      return targets.gallery;
    case ui::QuickAction::ViewWishlist:
      return targets.wishlist;
  }
  return targets.add_moc;
}

WallClock system_wall_clock() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  const std::int64_t local_seconds =
      days_from_civil(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                      static_cast<unsigned>(local.tm_mday)) *
          86400 +
      local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec;
  return WallClock{
      .now = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count(),
      .utc_offset_minutes = static_cast<int>((local_seconds - seconds) / 60)};
}

DashboardApp::DashboardApp(std::string font_dir, NavigationTargets targets)
    : font_dir_(std::move(font_dir)),
      targets_(std::move(targets)),
      palette_(&ui::light_palette()) {}

void DashboardApp::add_fallback_font(std::string_view file, std::vector<unsigned char> bytes) {
  for (std::size_t face = 0; face < ui::kFallbackFiles.size(); ++face) {
    if (file != ui::kFallbackFiles[face]) continue;
    face_state_[face] = bytes.empty() ? FaceState::Failed : FaceState::Loaded;
    fallback_.data[face] = std::move(bytes);
    return;
  }
}

bool DashboardApp::prepare_frame(const core::DisplayMetrics& metrics) {
  metrics_ = metrics;
  const float dpr = core::sanitize_device_pixel_ratio(metrics.device_pixel_ratio);
  bool rebuild = !fonts_built_ || core::needs_font_rebuild(fonts_.dpr, dpr);

  // Characters the atlas lacked last frame: their faces load (once), and
  // the atlas is built again with them when the face is in.
  for (const unsigned c : ui::take_missing_glyphs()) {
    if (tried_glyphs_.insert(c).second && ui::fallback_face(c)) pending_glyphs_.insert(c);
  }
  for (auto it = pending_glyphs_.begin(); it != pending_glyphs_.end();) {
    const auto face = static_cast<std::size_t>(*ui::fallback_face(*it));
    const std::string file = ui::kFallbackFiles[face];
    if (face_state_[face] == FaceState::Absent) {
      face_state_[face] = FaceState::Loading;
      if (font_loader_) {
        font_loader_(file);
      } else {
        add_fallback_font(file, read_file(fallback_dir_ + "/" + file));
      }
    }
    if (face_state_[face] == FaceState::Loaded) {
      fallback_.glyphs.insert(*it);
      rebuild = true;
    }
    if (face_state_[face] == FaceState::Loaded || face_state_[face] == FaceState::Failed) {
      it = pending_glyphs_.erase(it);
    } else {
      ++it;
    }
  }
  if (!rebuild) return false;

  fonts_ = ui::load_fonts(font_dir_, dpr, &fallback_);
  fonts_built_ = true;
  ui::apply_theme(*palette_, dpr);
  return true;
}

void DashboardApp::set_dark(bool dark) {
  if (dark == palette_->dark) return;
  palette_ = dark ? &ui::dark_palette() : &ui::light_palette();
  if (fonts_built_) ui::apply_theme(*palette_, fonts_.dpr);
}

void DashboardApp::set_view(core::DashboardView view) {
  view_ = std::move(view);
  shell_state_.partial_parts.invalidate();
}

const core::DashboardView* DashboardApp::view() const {
  if (live_ != nullptr) return live_->view();
  return view_ ? &*view_ : nullptr;
}

std::optional<std::string> DashboardApp::take_navigation() {
  return std::exchange(navigation_, std::nullopt);
}

namespace {

constexpr core::UnixMillis kFlashMs = 900;
constexpr core::UnixMillis kToastFadeMs = 400;

// 1 just after `since`, fading to 0 over `duration` (eased, so the end is soft).
float fade(core::UnixMillis now, core::UnixMillis since, core::UnixMillis duration) {
  if (since == 0 || now < since || now - since >= duration) return 0;
  const float t = static_cast<float>(now - since) / static_cast<float>(duration);
  return (1 - t) * (1 - t);
}

}  // namespace

void DashboardApp::read_live(core::UnixMillis now) {
  LiveClient& live = *live_;
  const LinkState link = live.link(now);
  shell_.connection = {.status = link.status,
                       .attempt = link.attempt,
                       .retry_in_ms = link.retry_in_ms,
                       .rtt_ms = link.rtt_ms,
                       .error = link.error,
                       // Red means stopped trying: Retry beside it (degraded
                       // mode's banner repeats it). Not for a sign-in, which
                       // has its own form.
                       .offer_retry = !live.needs_sign_in()};
  shell_.degraded = link.degraded;
  shell_.poll_interval_ms = link.poll_interval_ms;
  shell_.username = live.username();
  shell_.signing_in = live.signing_in();
  shell_.sign_in_error = live.sign_in_error();
  shell_.failure = live.snapshot_error();
  const bool was_signing_in = shell_.content == ui::ContentState::SignIn;
  if (live.needs_sign_in()) {
    shell_.content = ui::ContentState::SignIn;
  } else if (live.view() != nullptr) {
    shell_.content = ui::ContentState::Ready;
  } else {
    shell_.content = live.snapshot_state() == SnapshotState::Failed ? ui::ContentState::Failed
                                                                    : ui::ContentState::Loading;
  }
  if (was_signing_in && shell_.content != ui::ContentState::SignIn) {
    shell_state_.fields["sign-in-password"].value.clear();  // signed in: the password is not kept
  }

  const core::client::SliceMask changed = live.take_changed();
  constexpr std::array<core::client::SliceMask, 4> kSlices{
      core::client::kSummary, core::client::kThemeBreakdown, core::client::kRecentMocs,
      core::client::kPartialParts};
  for (std::size_t i = 0; i < kSlices.size(); ++i) {
    if ((changed & kSlices[i]) != 0) changed_at_[i] = now;
  }
  if ((changed & core::client::kPartialParts) != 0) shell_state_.partial_parts.invalidate();
  for (Toast& toast : live.take_toasts()) toasts_.push_back({std::move(toast), now});
  if (collection_ != nullptr) {
    collection_->update(now);
    for (Toast& toast : collection_->take_toasts()) toasts_.push_back({std::move(toast), now});
  }
  if (board_ != nullptr) {
    for (Toast& toast : board_->take_toasts()) toasts_.push_back({std::move(toast), now});
  }
  note_data_updated(now);
  if (messages_ != nullptr) {
    for (Toast& toast : messages_->take_toasts()) toasts_.push_back({std::move(toast), now});
    shell_.badges.messages_unread = messages_->inbox().unread_total();
    shell_.badges.notifications_unread = messages_->notifications().unread();
  }
  if (status_ != nullptr) {
    StatusWant want = StatusWant::None;
    if (!live.needs_sign_in() && route_.page == core::client::Page::Status) want = StatusWant::Live;
    if (!live.needs_sign_in() && route_.page == core::client::Page::Dashboard) {
      want = StatusWant::Summary;
    }
    status_->update(now, want);
    for (Toast& toast : status_->take_toasts()) toasts_.push_back({std::move(toast), now});
  }
}

void DashboardApp::act_on(const ui::ShellOutput& out, core::UnixMillis now) {
  if (out.copy) {
    ImGui::SetClipboardText(out.copy->c_str());
    toasts_.push_back(
        {{Toast::Kind::Info, "Copied to the clipboard", *out.copy, "", "", 5000}, now});
  }
  if (out.toast_action && collection_ != nullptr) {
    const std::string key = *out.toast_action;
    // The toast has done its job once its button is used.
    std::erase_if(toasts_, [&key](const TimedToast& t) { return t.toast.action_key == key; });
    collection_->act(key);
  }
  if (live_ == nullptr) return;
  if (out.retry) live_->retry(now);
  if (out.sign_out) live_->sign_out(now);
  if (out.sign_out_everywhere) live_->sign_out(now, true);
  if (out.sign_in) live_->sign_in(out.sign_in->username, out.sign_in->password, now);
  act_on_account(out, now);
}

void DashboardApp::draw() {
  if (!fonts_ok()) return;
  const WallClock clock = clock_();
  const core::UnixMillis now = clock.now;
  if (live_ != nullptr) {
    read_live(now);
  } else {
    shell_.content = view_ ? ui::ContentState::Ready : ui::ContentState::Loading;
  }
  shell_.view = view();
  if (collection_ != nullptr && shell_.view != nullptr) {
    projected_ = collection_->dashboard(*shell_.view, now);
    shell_.view = &projected_;
  }
  shell_.now = now;
  prepare_account_pages();
  shell_.current_section = ui::section_of(route_.page);
  if (board_ != nullptr && route_.page != core::client::Page::Board) board_->leave_board();
  if (messages_ != nullptr && route_.page != core::client::Page::Messages) {
    messages_->want_thread("");
  }
  page_animating_ = false;
  if (route_.page == core::client::Page::Dashboard) {
    shell_.page = nullptr;
  } else {
    shell_.page = [this, now](const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min, ImVec2 max,
                              ui::ShellOutput& out) {
      return draw_page(ctx, io, min, max, out, now);
    };
  }
  shell_.system.reset();
  if (status_ != nullptr && status_->admin() && status_->model().loaded()) {
    const core::client::StatusModel& m = status_->model();
    shell_.system = ui::SystemSummary{.overall = m.overall(),
                                      .up = m.count(core::client::ServiceHealth::Up),
                                      .degraded = m.count(core::client::ServiceHealth::Degraded),
                                      .down = m.count(core::client::ServiceHealth::Down),
                                      .checking = m.count(core::client::ServiceHealth::Unknown)};
    if (shell_.system->overall != system_overall_) {
      // The first verdict is no change; a later one flashes the card.
      if (system_seen_) system_changed_at_ = now;
      system_overall_ = shell_.system->overall;
    }
    system_seen_ = true;
  }
  shell_.utc_offset_minutes = clock.utc_offset_minutes;
  if (shell_.images != nullptr) shell_.images->begin_frame(now);
  shell_.flash = {.summary = fade(now, changed_at_[0], kFlashMs),
                  .themes = fade(now, changed_at_[1], kFlashMs),
                  .recent = fade(now, changed_at_[2], kFlashMs),
                  .partial_parts = fade(now, changed_at_[3], kFlashMs),
                  .system = fade(now, system_changed_at_, kFlashMs)};
  shell_.data_updated = shell_.content == ui::ContentState::SignIn
                            ? 0.0f
                            : data_updated_.opacity(now, reduced_motion_);
  std::erase_if(toasts_, [now](const TimedToast& t) {
    return now - t.shown_at >= std::max<std::int64_t>(t.toast.duration_ms, kToastFadeMs);
  });
  shell_.toasts.clear();
  for (const TimedToast& t : toasts_) {
    const core::UnixMillis left = t.toast.duration_ms - (now - t.shown_at);
    shell_.toasts.push_back(
        {.error = t.toast.kind == Toast::Kind::Error,
         .title = t.toast.title,
         .detail = t.toast.detail,
         .opacity = left < kToastFadeMs ? static_cast<float>(left) / kToastFadeMs : 1.0f,
         .action = t.toast.action,
         .action_key = t.toast.action_key});
  }

  page_actions_ = {};
  last_frame_ = ui::draw_app_shell(fonts_, *palette_, metrics_, shell_, shell_state_);
  if (last_frame_.navigation) navigate(route_for(*last_frame_.navigation, targets_));
  act_on(last_frame_, now);
  act_on_page(page_actions_, now);
  update_title();

  const ui::CardFlash& f = shell_.flash;
  animating_ = f.summary > 0 || f.themes > 0 || f.recent > 0 || f.partial_parts > 0 ||
               f.system > 0 || !toasts_.empty() || shell_.data_updated > 0 ||
               (shell_.content == ui::ContentState::Loading && !shell_.page) ||
               shell_.connection.retry_in_ms.has_value() || shell_.signing_in || page_animating_ ||
               (account_ != nullptr && account_->form().busy) ||
               (collection_ != nullptr && !collection_->queue().empty()) ||
               (board_ != nullptr && !board_->moves().empty());
}

// [SECTION] Routes

void DashboardApp::set_route(std::string_view path) {
  const core::client::Route next = core::client::parse_route(path);
  if (next.page == core::client::Page::Mocs) {
    const core::client::MocQuery query = core::client::query_from_page(next.query);
    if (query != mocs_query_ || route_.page != core::client::Page::Mocs) {
      mocs_query_ = query;
      mocs_state_ = {};
      mocs_state_.editing = query;
    }
  }
  // The pill spoke of the page being left.
  if (next.page != route_.page || next.moc_id != route_.moc_id ||
      next.board_owner != route_.board_owner) {
    data_updated_.clear();
  }
  if (next.page != route_.page && account_ != nullptr) {
    account_->reset_form();  // a form left behind starts afresh
    sign_up_memory_ = {};
    password_memory_ = {};
  }
  route_ = next;
  update_title();
}

void DashboardApp::navigate(const std::string& path) {
  const core::client::Route before = route_;
  set_route(path);
  if (route_ == before) return;
  navigated_ = true;
  navigation_ = core::client::route_path(route_);
  shell_state_.nav_open = false;
}

std::optional<std::string> DashboardApp::take_replacement() {
  return std::exchange(replacement_, std::nullopt);
}

void DashboardApp::update_title() {
  std::string moc_title;
  if (route_.page == core::client::Page::Moc && collection_ != nullptr) {
    if (const std::optional<core::Moc> moc = collection_->moc(route_.moc_id))
      moc_title = moc->title;
  }
  title_ = core::client::document_title(route_, moc_title);
}

// [SECTION] Pages

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

// [SECTION] The board and sharing pages

void DashboardApp::draw_board(ui::PageFrame& frame, ui::PageActions& actions, core::UnixMillis now,
                              float& height) {
  ui::BoardPageView view;
  view.owner = route_.board_owner;
  const core::client::BoardColumns empty;
  view.columns = &empty;
  if (board_ != nullptr) {
    board_->want_board(route_.board_owner);
    view.owner = board_->owner();
    view.own = board_->owner() == (live_ != nullptr ? live_->username() : std::string());
    view.role = board_->board().role();
    view.can_move = board_->can_move();
    view.error = board_->error();
    view.present = board_->present();
    switch (board_->status()) {
      case BoardStatus::Idle:
      case BoardStatus::Loading:
        view.status = ui::BoardPageStatus::Loading;
        break;
      case BoardStatus::Shown:
        view.status = ui::BoardPageStatus::Shown;
        view.columns = &board_->columns();
        break;
      case BoardStatus::Forbidden:
        view.status = ui::BoardPageStatus::Forbidden;
        break;
      case BoardStatus::AccessRemoved:
        view.status = ui::BoardPageStatus::AccessRemoved;
        break;
      case BoardStatus::NotFound:
        view.status = ui::BoardPageStatus::NotFound;
        break;
      case BoardStatus::Failed:
        view.status = ui::BoardPageStatus::Failed;
        break;
    }
    if (!board_->recent_moves().empty()) {
      const RecentMove& m = board_->recent_moves().front();
      view.recent = core::client::describe_move(m.actor, m.title, m.to, now - m.at);
    }
  } else {
    view.status = ui::BoardPageStatus::Loading;
  }
  height = ui::draw_board_page(frame, view, board_state_, actions);
  page_animating_ |= !board_state_.dragging.empty();
}

void DashboardApp::draw_sharing(ui::PageFrame& frame, ui::PageActions& actions, float& height) {
  ui::SharingView view;
  if (board_ != nullptr) {
    board_->want_shares();
    if (board_->take_share_added()) shell_state_.fields["share-username"].value.clear();
    const std::string& typed = shell_state_.fields["share-username"].value;
    if (!board_->share_form().error.empty() && typed != share_submitted_) {
      board_->clear_share_error();
    }
    view.loaded = board_->shares_loaded();
    view.error = board_->shares_error();
    view.owned = board_->owned_shares();
    view.received = board_->received_shares();
    view.busy = board_->share_form().busy;
    view.username_error = board_->share_form().error;
  }
  height = ui::draw_sharing_page(frame, view, sharing_state_, actions);
}

void DashboardApp::draw_status(ui::PageFrame& frame, ui::PageActions& actions, core::UnixMillis now,
                               float& height) {
  ui::StatusPageView view;
  if (status_ != nullptr) {
    const StatusClient* status = status_;
    view.model = &status->model();
    view.refreshing = [status](std::string_view id) { return status->refreshing(id); };
    view.flash = [this, status, now](std::string_view id) {
      const float f = fade(now, status->changed_at(id), kFlashMs);
      page_animating_ |= f > 0;
      return f;
    };
    view.announcement = status->announcement();
    view.offline = live_ != nullptr && live_->link(now).status != core::ConnectionStatus::Live;
  }
  height = ui::draw_status_page(frame, view, actions);
}

void DashboardApp::act_on_board(const ui::PageActions& a) {
  if (board_ == nullptr) return;
  if (a.board_move) board_->move(a.board_move->id, a.board_move->to);
  if (a.add_share) {
    share_submitted_ = a.add_share->username;
    board_->add_share(a.add_share->username, a.add_share->role);
  }
  if (a.remove_share) board_->remove_share(*a.remove_share);
}

// [SECTION] The browser's text inputs

void DashboardApp::on_field_input(std::string_view id, std::string value, int selection_start,
                                  int selection_end, int composition_start, int composition_end) {
  ui::TextFieldState& field = shell_state_.fields[std::string(id)];
  const bool stale = field.value != field.dom_value && value == field.dom_value;
  field.dom_value = value;
  if (!stale) field.value = std::move(value);
  field.selection_start = selection_start;
  field.selection_end = selection_end;
  field.composition_start = composition_start;
  field.composition_end = composition_end;
}

void DashboardApp::on_field_focus(std::string_view id, bool focused) {
  ui::TextFieldState& field = shell_state_.fields[std::string(id)];
  if (field.focused && !focused) field.blurred = true;
  field.focused = focused;
  if (!focused) field.composition_start = field.composition_end = -1;
}

void DashboardApp::on_field_escape(std::string_view id) {
  shell_state_.fields[std::string(id)].escaped = true;
}

void DashboardApp::on_form_submit(std::string_view form) {
  shell_state_.submitted_forms.emplace(form);
}

// [SECTION] The account pages

void DashboardApp::prepare_account_pages() {
  using core::client::Page;
  shell_.signed_out_page = nullptr;
  shell_.offer_sign_up = false;
  if (live_ == nullptr || account_ == nullptr) return;
  if (live_->needs_sign_in()) {
    account_->want_config();
    shell_.offer_sign_up = account_->signup_enabled() == true;
    if (route_.page == Page::SignUp) {
      shell_.signed_out_page = [this](const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min,
                                      ImVec2 max, ui::ShellOutput& out) {
        return draw_sign_up(ctx, io, min, max, out);
      };
    }
    return;
  }
  if (route_.page == Page::SignUp) {
    // Signed in (a new account, or a visit while signed in): the dashboard.
    for (const char* id : {"sign-up-password", "sign-up-confirm"}) shell_state_.fields[id] = {};
    set_route("/dashboard");
    replacement_ = core::client::route_path(route_);
  }
  if (route_.page == Page::Password && account_->form().done && !password_fields_cleared_) {
    // Changed: the passwords are not kept in the form.
    for (const char* id : {"password-current", "password-new", "password-confirm"}) {
      shell_state_.fields[id].value.clear();
    }
    password_fields_cleared_ = true;
  }
}

float DashboardApp::draw_sign_up(const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min,
                                 ImVec2 max, ui::ShellOutput& out) {
  ui::SignUpView view;
  view.enabled = account_->signup_enabled();
  view.busy = account_->form().busy;
  view.errors = &account_->form().errors;
  const ui::SignUpOutput result =
      ui::draw_sign_up_panel(ctx, min, max, io, view, sign_up_memory_, out.chrome);
  sign_up_request_ = result.submit;
  to_sign_in_ = result.to_sign_in;
  return max.y - min.y;
}

void DashboardApp::act_on_account(const ui::ShellOutput& out, core::UnixMillis now) {
  if ((out.sign_out || out.sign_out_everywhere) && account_ != nullptr) {
    account_->reset_form();  // the next person starts from an empty form
    password_memory_ = {};
    for (const char* id : {"password-current", "password-new", "password-confirm"}) {
      shell_state_.fields[id].value.clear();
    }
  }
  if (out.open_sign_up) navigate("/signup");
  if (out.open_account) navigate("/account/password");
  if (std::exchange(to_sign_in_, false)) navigate("/dashboard");
  if (account_ == nullptr) return;
  if (const auto r = std::exchange(sign_up_request_, std::nullopt)) {
    account_->sign_up(r->username, r->password, r->confirm, now);
  }
  if (const auto r = std::exchange(password_request_, std::nullopt)) {
    password_fields_cleared_ = false;
    account_->change_password(r->current, r->next, r->confirm, now);
  }
}

}  // namespace dashboard::app
