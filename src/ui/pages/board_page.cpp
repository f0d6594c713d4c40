// [SECTION] Layout
// [SECTION] A card
// [SECTION] Dropping
// [SECTION] Keys and move buttons
// [SECTION] The page
#include "ui/pages/board_page.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "core/format.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

using core::client::BoardColumn;
using core::client::BoardColumns;
using core::client::PlacedCard;

constexpr const char* kPayload = "BOARD_CARD";
constexpr float kCardCss = 84;
constexpr float kGapCss = 8;
constexpr float kEdgeCss = 56;           // auto-scroll zone at the visible edges
constexpr float kScrollCssPerSec = 900;  // at the very edge

// "added", "in_progress", "built": the columns' names in test ids.
std::string column_key(core::BuildStatus status) {
  std::string key(core::to_string(status));
  std::transform(key.begin(), key.end(), key.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return key;
}

// [SECTION] Layout

struct ColumnBox {
  std::size_t index = 0;
  float x = 0;
  float width = 0;
};

// [SECTION] A card

void draw_card(PageFrame& frame, const PlacedCard& card, ImVec2 min, ImVec2 max, bool selected,
               bool ghost) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const core::Moc& moc = *card.moc;
  const float rounding = ctx.px(10);
  const ImU32 background =
      ghost ? mix(p.card_background, p.page_background, 0.6f) : p.card_background;
  draw.AddRectFilled(min, max, background, rounding);
  draw.AddRect(min, max, selected ? p.accent : p.card_border, rounding, 0,
               ctx.px(selected ? 2.0f : 1.0f));
  const float pad = ctx.px(12);
  const float thumb = max.y - min.y - 2 * pad;
  const ImVec2 thumb_min(min.x + pad, min.y + pad);
  draw_cover(ctx, draw, thumb_min, ImVec2(thumb_min.x + thumb, thumb_min.y + thumb),
             moc.cover_image_url, ImageSize::Thumbnail, ctx.px(6));
  const float tx = thumb_min.x + thumb + ctx.px(12);
  const float tw = max.x - tx - pad;
  float ty = min.y + pad - ctx.px(2);
  const ImU32 text = ghost ? p.text_muted : p.text;
  draw_text(draw, ctx.fonts.body, ImVec2(tx, ty), text, fit_text(ctx.fonts.body, moc.title, tw));
  ty += ctx.fonts.body->FontSize + ctx.px(2);
  std::string theme = moc.theme;
  if (card.moving) theme += "  \xC2\xB7  Saving\xE2\x80\xA6";
  draw_text(draw, ctx.fonts.small, ImVec2(tx, ty), p.text_muted,
            fit_text(ctx.fonts.small, theme, tw));
  const std::string percent = core::format_percent(moc.coverage_percentage);
  const float pw = text_width(ctx.fonts.small, percent);
  const float bar_y = max.y - pad - ctx.fonts.small->FontSize / 2;
  draw_bar(draw, ImVec2(tx, bar_y - ctx.px(3)),
           ImVec2(max.x - pad - pw - ctx.px(8), bar_y + ctx.px(3)),
           static_cast<float>(moc.coverage_percentage / 100.0),
           coverage_status_color(p, moc.parts_coverage_status), p.skeleton);
  draw_text(draw, ctx.fonts.small, ImVec2(max.x - pad - pw, bar_y - ctx.fonts.small->FontSize / 2),
            p.text_muted, percent);
  frame.report.add("board-card-" + column_key(card.place.status), moc.title, min, max);
  if (selected) frame.report.add("board-selected", moc.title, min, max);
}

// [SECTION] Dropping

// Where in `column` (without the dragged card) the mouse at `y` drops:
// before the first card whose middle is below it.
std::size_t drop_index(const BoardColumn& column, std::string_view dragged, float top, float step,
                       float mouse_y, float& line_y) {
  std::size_t index = 0;
  std::size_t slot = 0;
  line_y = top - step / 2 + step * 0.5f;
  for (const PlacedCard& c : column) {
    if (c.moc->id == dragged) {
      ++slot;
      continue;
    }
    const float card_top = top + step * static_cast<float>(slot);
    if (mouse_y < card_top + step / 2) {
      line_y = card_top - step * 0.06f;
      return index;
    }
    ++index;
    ++slot;
  }
  line_y = top + step * static_cast<float>(slot) - step * 0.06f;
  return index;
}

// Scrolls the page while a drag is held near the top or bottom of what shows.
void auto_scroll(const PageFrame& frame) {
  const DrawContext& ctx = frame.ctx;
  const float y = ImGui::GetIO().MousePos.y;
  const float edge = ctx.px(kEdgeCss);
  float speed = 0;
  if (y < frame.min.y + edge) speed = -(frame.min.y + edge - y) / edge;
  if (y > frame.max.y - edge) speed = (y - (frame.max.y - edge)) / edge;
  if (speed == 0) return;
  speed = std::clamp(speed, -1.0f, 1.0f);
  const float dy = speed * ctx.px(kScrollCssPerSec) * ImGui::GetIO().DeltaTime;
  ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + dy, 0.0f, ImGui::GetScrollMaxY()));
}

// [SECTION] Keys and move buttons

std::optional<core::client::MoveKey> move_key(bool& select_only) {
  using core::client::MoveKey;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return std::nullopt;
  select_only = !io.KeyShift;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) return MoveKey::Up;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) return MoveKey::Down;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) return MoveKey::Left;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) return MoveKey::Right;
  return std::nullopt;
}

// Arrows without Shift pick the neighbouring card.
std::string neighbour(const BoardColumns& columns, std::string_view id, core::client::MoveKey key) {
  using core::client::MoveKey;
  const auto at = core::client::find_card(columns, id);
  if (!at) {
    for (const BoardColumn& c : columns) {
      if (!c.empty()) return c.front().moc->id;
    }
    return {};
  }
  auto [c, i] = *at;
  switch (key) {
    case MoveKey::Up:
      if (i > 0) --i;
      break;
    case MoveKey::Down:
      if (i + 1 < columns[c].size()) ++i;
      break;
    case MoveKey::Left:
    case MoveKey::Right: {
      std::size_t to = c;
      do {
        if (key == MoveKey::Left && to == 0) return std::string(id);
        if (key == MoveKey::Right && to + 1 >= columns.size()) return std::string(id);
        to = key == MoveKey::Left ? to - 1 : to + 1;
      } while (columns[to].empty());
      c = to;
      i = std::min(i, columns[c].size() - 1);
      break;
    }
  }
  return columns[c][i].moc->id;
}

}  // namespace

// [SECTION] The page

float draw_board_page(PageFrame& frame, const BoardPageView& view, BoardPageState& state,
                      PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Column column = page_column(ctx, frame.min, frame.max, 1280);
  float y = frame.min.y + ctx.px(24);
  const std::string title =
      view.own ? std::string("Build board") : view.owner + "\xE2\x80\x99s board";
  const char* sharing = view.own ? "##board-sharing" : nullptr;
  if (draw_page_title(frame, column, y, title.c_str(), sharing, "Sharing"))
    out.go_to = "/board/sharing";

  switch (view.status) {
    case BoardPageStatus::Loading:
      draw_page_skeleton(frame, column, y, 6);
      return y + ctx.px(200) - frame.min.y;
    case BoardPageStatus::Forbidden:
      draw_notice(frame, column, y, "board-forbidden", "This board is not shared with you",
                  "Ask " + view.owner + " to share it with you.", nullptr, nullptr);
      return y - frame.min.y;
    case BoardPageStatus::AccessRemoved:
      if (draw_notice(frame, column, y, "board-access-removed", "Access removed",
                      view.owner + " no longer shares this board with you.", "board-own",
                      "Open your board")) {
        out.go_to = "/board";
      }
      return y - frame.min.y;
    case BoardPageStatus::NotFound:
      draw_notice(frame, column, y, "board-not-found", "No such board",
                  "There is no user named " + view.owner + ".", nullptr, nullptr);
      return y - frame.min.y;
    case BoardPageStatus::Failed:
      if (draw_notice(frame, column, y, "board-error", "The board could not be loaded", view.error,
                      "board-retry", "Retry")) {
        out.retry = true;
      }
      return y - frame.min.y;
    case BoardPageStatus::Shown:
      break;
  }
  const BoardColumns& columns = *view.columns;

  // Who is here, what moved, and how to move.
  const auto line = [&](const char* id, const std::string& text, ImU32 color) {
    if (text.empty()) return;
    const std::string shown = fit_text(ctx.fonts.small, text, column.width);
    draw_text(draw, ctx.fonts.small, ImVec2(column.x, y), color, shown);
    frame.report.add(
        id, text, ImVec2(column.x, y),
        ImVec2(column.x + text_width(ctx.fonts.small, shown), y + ctx.fonts.small->FontSize));
    y += ctx.fonts.small->FontSize + ctx.px(6);
  };
  if (!view.present.empty()) {
    std::string here = "Here now: ";
    for (std::size_t i = 0; i < view.present.size(); ++i) here += (i ? ", " : "") + view.present[i];
    line("board-presence", here, p.text_muted);
  }
  line("board-recent", view.recent, p.text_muted);
  const bool narrow = column.width < ctx.px(kBoardThreeColumnsCss);
  if (view.can_move) {
    line("board-hint",
         narrow ? "Tap a card, then move it with the buttons"
                : "Drag a card, or pick one with the arrow keys and move it with Shift + arrows",
         p.text_muted);
  } else {
    line("board-readonly", "View only: " + view.owner + " shared this board with you as viewer",
         p.text_muted);
  }
  y += ctx.px(8);

  // Keys: arrows pick, Shift + arrows move.
  bool select_only = true;
  if (const auto key = move_key(select_only)) {
    if (select_only || !view.can_move || state.selected.empty()) {
      state.selected = neighbour(columns, state.selected, *key);
    } else if (auto to = core::client::keyboard_target(columns, state.selected, *key)) {
      out.board_move = BoardMove{state.selected, std::move(*to)};
    }
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) state.selected.clear();
  if (!state.selected.empty() && !core::client::find_card(columns, state.selected)) {
    state.selected.clear();
  }

  // Narrow: a switcher picks the one column shown, and it follows the picked card.
  std::vector<ColumnBox> boxes;
  if (narrow) {
    if (const auto at = core::client::find_card(columns, state.selected); at && out.board_move) {
      state.narrow_column = core::client::column_of(out.board_move->to.status);
    }
    std::array<std::string, 3> labels;
    std::array<const char*, 3> raw{};
    for (std::size_t i = 0; i < 3; ++i) {
      labels[i] = std::string(core::client::column_title(core::kBuildStatuses[i])) + " " +
                  std::to_string(columns[i].size());
      raw[i] = labels[i].c_str();
    }
    std::vector<ImVec2> rects;
    const int picked =
        draw_segmented(ctx, "##board-columns", raw.data(), 3, static_cast<int>(state.narrow_column),
                       ImVec2(column.x, y), column.width, &rects);
    for (std::size_t i = 0; i + 1 < rects.size() && i / 2 < 3; i += 2) {
      frame.report.add("board-column-tab", labels[i / 2], rects[i], rects[i + 1]);
    }
    if (picked >= 0) state.narrow_column = static_cast<std::size_t>(picked);
    y += segmented_height(ctx, raw.data(), 3, column.width) + ctx.px(12);
    boxes.push_back({state.narrow_column, column.x, column.width});
  } else {
    const float gap = ctx.px(16);
    const float w = std::floor((column.width - 2 * gap) / 3);
    for (std::size_t i = 0; i < 3; ++i) {
      boxes.push_back({i, column.x + static_cast<float>(i) * (w + gap), w});
    }
  }

  // Narrow screens (touch): move buttons for the picked card, always in
  // place so picking a card does not shift the board under the finger.
  if (view.can_move && narrow) {
    {
      struct Button {
        const char* id;
        const char* label;
        core::client::MoveKey key;
      };
      const std::array<Button, 4> buttons{{
          {"##board-move-left", "\xE2\x86\x90 Left", core::client::MoveKey::Left},
          {"##board-move-up", "\xE2\x86\x91 Up", core::client::MoveKey::Up},
          {"##board-move-down", "\xE2\x86\x93 Down", core::client::MoveKey::Down},
          {"##board-move-right", "Right \xE2\x86\x92", core::client::MoveKey::Right},
      }};
      float x = column.x;
      const float h = ctx.px(36);
      for (const Button& b : buttons) {
        const float w = button_width(ctx, b.label, false);
        const auto to = state.selected.empty()
                            ? std::nullopt
                            : core::client::keyboard_target(columns, state.selected, b.key);
        if (draw_button(ctx, b.id, b.label, ImVec2(x, y), ImVec2(w, h), ButtonStyle::Secondary,
                        ButtonIcon::None, !to) &&
            to) {
          out.board_move = BoardMove{state.selected, *to};
          state.narrow_column = core::client::column_of(to->status);
        }
        frame.report.add(b.id + 2, b.label, ImVec2(x, y), ImVec2(x + w, y + h));
        x += w + ctx.px(8);
      }
      y += h + ctx.px(12);
    }
  }

  // The columns.
  const ImGuiPayload* payload = ImGui::GetDragDropPayload();
  const bool dragging = payload != nullptr && payload->IsDataType(kPayload);
  if (!dragging) state.dragging.clear();
  const float card_h = ctx.px(kCardCss);
  const float step = card_h + ctx.px(kGapCss);
  float bottom = y;
  const float clip_top = frame.min.y - step;
  const float clip_bottom = frame.max.y + step;
  for (const ColumnBox& box : boxes) {
    const core::BuildStatus status = core::kBuildStatuses[box.index];
    const BoardColumn& cards = columns[box.index];
    const std::string key = column_key(status);
    // The heading: name and count.
    const std::string name(core::client::column_title(status));
    const std::string count = std::to_string(cards.size());
    draw.AddCircleFilled(ImVec2(box.x + ctx.px(6), y + ctx.fonts.heading->FontSize / 2), ctx.px(5),
                         build_status_color(p, status));
    draw_text(draw, ctx.fonts.heading, ImVec2(box.x + ctx.px(18), y), p.text, name);
    const float name_w = text_width(ctx.fonts.heading, name);
    draw_text(draw, ctx.fonts.body, ImVec2(box.x + ctx.px(26) + name_w, y + ctx.px(2)),
              p.text_muted, count);
    std::string label = name;
    label.append(" ").append(count);
    frame.report.add("board-column-" + key, label, ImVec2(box.x, y),
                     ImVec2(box.x + box.width, y + ctx.fonts.heading->FontSize));
    frame.report.add("board-count-" + key, count, ImVec2(box.x + ctx.px(26) + name_w, y),
                     ImVec2(box.x + ctx.px(26) + name_w + text_width(ctx.fonts.body, count),
                            y + ctx.fonts.heading->FontSize));
    const float top = y + ctx.fonts.heading->FontSize + ctx.px(14);
    const float lane_bottom =
        top + step * static_cast<float>(std::max<std::size_t>(cards.size(), 1)) + ctx.px(40);
    draw.AddRectFilled(ImVec2(box.x - ctx.px(6), top - ctx.px(6)),
                       ImVec2(box.x + box.width + ctx.px(6), lane_bottom),
                       mix(p.page_background, p.text, 0.03f), ctx.px(12));
    if (cards.empty()) {
      draw_text(draw, ctx.fonts.small, ImVec2(box.x + ctx.px(8), top + ctx.px(8)), p.text_muted,
                view.can_move ? "Nothing here: drop a card" : "Nothing here");
    }
    // Cards: only those near the visible area are submitted.
    for (std::size_t i = 0; i < cards.size(); ++i) {
      const PlacedCard& card = cards[i];
      const ImVec2 min(box.x, top + step * static_cast<float>(i));
      const ImVec2 max(box.x + box.width, min.y + card_h);
      if (max.y < clip_top || min.y > clip_bottom) continue;
      ImGui::PushID(card.moc->id.c_str());
      ImGui::SetCursorScreenPos(min);
      if (ImGui::InvisibleButton("##card", ImVec2(max.x - min.x, max.y - min.y))) {
        state.selected = state.selected == card.moc->id ? std::string() : card.moc->id;
      }
      if (view.can_move && ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      if (view.can_move && ImGui::BeginDragDropSource(ImGuiDragDropFlags_SourceNoDisableHover)) {
        ImGui::SetDragDropPayload(kPayload, card.moc->id.data(), card.moc->id.size());
        state.dragging = card.moc->id;
        state.selected = card.moc->id;
        ImGui::TextUnformatted(card.moc->title.c_str());
        ImGui::EndDragDropSource();
      }
      ImGui::PopID();
      draw_card(frame, card, min, max, state.selected == card.moc->id,
                dragging && state.dragging == card.moc->id);
    }
    // The lane takes drops: a line shows where the card lands.
    if (dragging && view.can_move) {
      const ImRect lane(ImVec2(box.x - ctx.px(8), top - ctx.px(8)),
                        ImVec2(box.x + box.width + ctx.px(8), std::max(lane_bottom, frame.max.y)));
      if (ImGui::BeginDragDropTargetCustom(lane, ImGui::GetID(("##lane-" + key).c_str()))) {
        const ImGuiPayload* over =
            ImGui::AcceptDragDropPayload(kPayload, ImGuiDragDropFlags_AcceptBeforeDelivery |
                                                       ImGuiDragDropFlags_AcceptNoDrawDefaultRect);
        if (over != nullptr) {
          const std::string id(static_cast<const char*>(over->Data),
                               static_cast<std::size_t>(over->DataSize));
          float line_y = top;
          const std::size_t index =
              drop_index(cards, id, top, step, ImGui::GetIO().MousePos.y, line_y);
          draw.AddRectFilled(ImVec2(box.x, line_y - ctx.px(1.5f)),
                             ImVec2(box.x + box.width, line_y + ctx.px(1.5f)), p.accent, ctx.px(2));
          frame.report.add("board-drop-line", name, ImVec2(box.x, line_y - ctx.px(2)),
                           ImVec2(box.x + box.width, line_y + ctx.px(2)));
          if (over->IsDelivery()) {
            out.board_move = BoardMove{
                id, core::client::BoardPlace{status, core::client::rank_at(cards, index, id)}};
            state.dragging.clear();
          }
        }
        ImGui::EndDragDropTarget();
      }
    }
    bottom = std::max(bottom, lane_bottom);
  }
  if (dragging) auto_scroll(frame);
  // A drop that changes nothing (same slot) is no move.
  if (out.board_move) {
    const auto at = core::client::find_card(columns, out.board_move->id);
    if (at && core::kBuildStatuses[at->first] == out.board_move->to.status) {
      const BoardColumn& c = columns[at->first];
      const std::size_t i = at->second;
      const std::string& to = out.board_move->to.rank;
      const bool after_prev = i == 0 || c[i - 1].place.rank < to;
      const bool before_next = i + 1 >= c.size() || to < c[i + 1].place.rank;
      if (after_prev && before_next) out.board_move.reset();
    }
  }
  return bottom + ctx.px(24) - frame.min.y;
}

}  // namespace dashboard::ui
