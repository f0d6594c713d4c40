// [SECTION] Degraded-mode banner
// [SECTION] Toasts
// [SECTION] Failure panel
#include "ui/notices.hpp"

#include <algorithm>
#include <cmath>

#include "core/client/connection_machine.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

ImU32 with_alpha(ImU32 color, float opacity) {
  const auto alpha = static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF) * opacity;
  return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(std::lround(alpha)) << IM_COL32_A_SHIFT);
}

}  // namespace

// [SECTION] Degraded-mode banner

bool draw_degraded_banner(const DrawContext& ctx, ImVec2 pos, float width,
                          std::int64_t poll_interval_ms, std::vector<Semantic>& chrome) {
  const Palette& p = ctx.palette;
  const float height = ctx.px(kBannerCssHeight);
  const ImVec2 max(pos.x + width, pos.y + height);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(pos, max, mix(p.card_background, p.warning, 0.18f));
  draw.AddLine(ImVec2(pos.x, max.y - ctx.px(1)), ImVec2(max.x, max.y - ctx.px(1)),
               mix(p.card_border, p.warning, 0.5f), ctx.px(1));
  const std::string text = core::client::degraded_banner_text(poll_interval_ms);
  const float pad = ctx.px(20);
  const ImVec2 dot(pos.x + pad + ctx.px(4), pos.y + height / 2);
  draw.AddCircleFilled(dot, ctx.px(4), p.warning, 12);
  const char* action = "Retry now";
  const float button_w = button_width(ctx, action, false);
  draw_text_centered_y(draw, ctx.fonts.body, dot.x + ctx.px(12), pos.y + height / 2,
                       width - pad * 2 - ctx.px(16) - button_w - ctx.px(12), p.text, text);
  chrome.push_back({"degraded-mode-banner", text, pos, max});
  const ImVec2 at(max.x - pad - button_w, pos.y + ctx.px(6));
  return draw_button(ctx, "##banner-retry", action, at, ImVec2(button_w, height - ctx.px(12)),
                     ButtonStyle::Secondary);
}

// [SECTION] Toasts

std::optional<std::string> draw_toasts(const DrawContext& ctx, const std::vector<ToastView>& toasts,
                                       std::vector<Semantic>& chrome) {
  if (toasts.empty()) return std::nullopt;
  std::optional<std::string> clicked;
  const Palette& p = ctx.palette;
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  const float margin = ctx.px(16);
  const float width = std::min(ctx.px(360), viewport.Size.x - margin * 2);
  const float pad = ctx.px(14);
  float bottom = viewport.Pos.y + viewport.Size.y - margin;
  for (auto it = toasts.rbegin(); it != toasts.rend(); ++it) {
    const ToastView& toast = *it;
    const bool two_lines = !toast.detail.empty();
    const float height = pad * 2 + ctx.fonts.body->FontSize +
                         (two_lines ? ctx.fonts.small->FontSize + ctx.px(4) : 0);
    const ImVec2 min(viewport.Pos.x + viewport.Size.x - margin - width, bottom - height);
    const ImVec2 max(min.x + width, bottom);
    // A toast with a button is a window of its own, above the page, so the
    // button takes the click; the others are drawn over everything.
    const bool window = !toast.action.empty();
    if (window) {
      ImGui::SetNextWindowPos(min);
      ImGui::SetNextWindowSize(ImVec2(width, height + ctx.px(4)));
      const std::string name = "##toast-" + toast.action_key;
      ImGui::Begin(name.c_str(), nullptr,
                   ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                       ImGuiWindowFlags_NoFocusOnAppearing);
    }
    ImDrawList& draw = window ? *ImGui::GetWindowDrawList() : *ImGui::GetForegroundDrawList();
    const float a = toast.opacity;
    draw.AddRectFilled(ImVec2(min.x, min.y + ctx.px(2)), ImVec2(max.x, max.y + ctx.px(4)),
                       IM_COL32(15, 23, 42, static_cast<int>(30 * a)), ctx.px(10));
    draw.AddRectFilled(min, max, with_alpha(p.card_background, a), ctx.px(10));
    draw.AddRect(min, max, with_alpha(p.card_border, a), ctx.px(10), 0, ctx.px(1));
    const ImU32 accent = toast.error ? p.bad : p.good;
    draw.AddRectFilled(min, ImVec2(min.x + ctx.px(4), max.y), with_alpha(accent, a), ctx.px(10),
                       ImDrawFlags_RoundCornersLeft);
    float text_w = width - pad * 2;
    if (window) {
      const float bw = button_width(ctx, toast.action.c_str(), false);
      const float bh = ctx.px(30);
      const ImVec2 at(max.x - pad - bw, min.y + (height - bh) / 2);
      text_w -= bw + ctx.px(10);
      if (draw_button(ctx, "##toast-action", toast.action.c_str(), at, ImVec2(bw, bh),
                      ButtonStyle::Secondary)) {
        clicked = toast.action_key;
      }
      chrome.push_back({"toast-action", toast.action, at, ImVec2(at.x + bw, at.y + bh)});
    }
    draw_text(draw, ctx.fonts.body, ImVec2(min.x + pad, min.y + pad), with_alpha(p.text, a),
              fit_text(ctx.fonts.body, toast.title, text_w));
    if (two_lines) {
      draw_text(draw, ctx.fonts.small,
                ImVec2(min.x + pad, min.y + pad + ctx.fonts.body->FontSize + ctx.px(4)),
                with_alpha(p.text_muted, a), fit_text(ctx.fonts.small, toast.detail, text_w));
    }
    if (window) ImGui::End();
    chrome.push_back(
        {"toast", two_lines ? toast.title + " " + toast.detail : toast.title, min, max});
    bottom = min.y - ctx.px(8);
  }
  return clicked;
}

// [SECTION] Failure panel

bool draw_failure_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max, const std::string& message,
                        std::vector<Semantic>& chrome) {
  const Palette& p = ctx.palette;
  const float width = std::min(ctx.px(440), max.x - min.x - ctx.px(32));
  const float pad = ctx.px(24);
  const float height = pad * 2 + ctx.fonts.heading->FontSize + ctx.px(10) +
                       ctx.fonts.body->FontSize * 2 + ctx.px(16) + ctx.px(40);
  const ImVec2 pos(std::floor(min.x + (max.x - min.x - width) / 2),
                   std::floor(min.y + std::max(ctx.px(32), (max.y - min.y - height) / 3)));
  const ImVec2 end(pos.x + width, pos.y + height);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(pos, end, p.card_background, ctx.px(12));
  draw.AddRect(pos, end, p.card_border, ctx.px(12), 0, ctx.px(1));
  float y = pos.y + pad;
  draw_text(draw, ctx.fonts.heading, ImVec2(pos.x + pad, y), p.text,
            "The dashboard could not be loaded");
  y += ctx.fonts.heading->FontSize + ctx.px(10);
  const std::string line = fit_text(ctx.fonts.body, message, width - pad * 2);
  draw_text(draw, ctx.fonts.body, ImVec2(pos.x + pad, y), p.text_muted, line);
  y += ctx.fonts.body->FontSize * 2 + ctx.px(16);
  chrome.push_back({"snapshot-error", message, pos, end});
  return draw_button(ctx, "##snapshot-retry", "Retry", ImVec2(pos.x + pad, y),
                     ImVec2(button_width(ctx, "Retry", false), ctx.px(40)), ButtonStyle::Primary);
}

}  // namespace dashboard::ui
