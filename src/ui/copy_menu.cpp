#include "ui/copy_menu.hpp"

#include <string_view>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

bool contains(const Semantic& item, ImVec2 p) {
  return p.x >= item.min.x && p.x < item.max.x && p.y >= item.min.y && p.y < item.max.y;
}

// Regions that hold other items, and inputs, are not values to copy.
bool copyable(std::string_view id) {
  return id != "tooltip" && id != "sidebar" && id != "nav-drawer" && id != "sign-in-form" &&
         id != "sign-in-username" && id != "sign-in-password" && !id.empty();
}

}  // namespace

const Semantic* semantic_at(const ShellOutput& frame, ImVec2 point) {
  const Semantic* best = nullptr;
  const auto consider = [&](const Semantic& item) {
    if (!copyable(item.id) || !contains(item, point)) return;
    const float area = (item.max.x - item.min.x) * (item.max.y - item.min.y);
    if (best == nullptr || area < (best->max.x - best->min.x) * (best->max.y - best->min.y)) {
      best = &item;
    }
  };
  for (const CardReport& card : frame.cards) {
    for (const Semantic& item : card.items) consider(item);
  }
  for (const Semantic& item : frame.chrome) consider(item);
  return best;
}

std::optional<std::string> draw_copy_menu(const DrawContext& ctx, ShellOutput& frame,
                                          CopyMenuState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  const Semantic* hovered = semantic_at(frame, io.MousePos);
  std::optional<std::string> copied;
  const bool shortcut = (io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_C, false);
  if (hovered != nullptr && shortcut && !io.WantTextInput) copied = hovered->text;
  if (hovered != nullptr && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
    state.text = hovered->text;
    ImGui::OpenPopup("##copy-menu");
  }
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ctx.px(6), ctx.px(6)));
  ImGui::PushStyleVar(ImGuiStyleVar_PopupBorderSize, ctx.px(1));
  if (ImGui::BeginPopup("##copy-menu")) {
    const std::string label = "Copy \"" + fit_text(ctx.fonts.body, state.text, ctx.px(220)) + "\"";
    if (ImGui::Selectable(label.c_str())) copied = state.text;
    frame.chrome.push_back(
        {"copy-action", label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar(2);
  return copied;
}

}  // namespace dashboard::ui
