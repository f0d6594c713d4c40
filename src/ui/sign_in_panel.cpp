#include "ui/sign_in_panel.hpp"

#include <algorithm>
#include <cmath>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

// A labelled text field; returns true when Enter was pressed in it.
bool draw_field(const DrawContext& ctx, const char* id, const char* label, char* buffer,
                std::size_t size, ImGuiInputTextFlags flags, ImVec2 pos, float width,
                std::vector<Semantic>& chrome, const char* test_id) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw_text(draw, ctx.fonts.small, pos, ctx.palette.text_muted, label);
  const ImVec2 field(pos.x, pos.y + ctx.fonts.small->FontSize + ctx.px(6));
  ImGui::SetCursorScreenPos(field);
  ImGui::SetNextItemWidth(width);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ctx.px(12), ctx.px(10)));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, ctx.px(8));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, ctx.px(1));
  const bool entered =
      ImGui::InputText(id, buffer, size, flags | ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::PopStyleVar(3);
  chrome.push_back({test_id, label, field, ImGui::GetItemRectMax()});
  return entered;
}

}  // namespace

std::optional<Credentials> draw_sign_in_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max,
                                              SignInForm& form, bool busy, const std::string& error,
                                              std::vector<Semantic>& chrome) {
  const Palette& p = ctx.palette;
  const float width = std::min(ctx.px(400), max.x - min.x - ctx.px(32));
  const float pad = ctx.px(28);
  const float field_h =
      ctx.fonts.small->FontSize + ctx.px(6) + ctx.fonts.body->FontSize + ctx.px(20) + ctx.px(16);
  const float height = pad * 2 + ctx.fonts.heading->FontSize + ctx.px(8) +
                       ctx.fonts.body->FontSize + ctx.px(24) + field_h * 2 + ctx.px(44) +
                       (error.empty() ? 0 : ctx.fonts.body->FontSize + ctx.px(12));
  const ImVec2 pos(std::floor(min.x + (max.x - min.x - width) / 2),
                   std::floor(min.y + std::max(ctx.px(32), (max.y - min.y - height) / 3)));
  const ImVec2 end(pos.x + width, pos.y + height);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(ImVec2(pos.x, pos.y + ctx.px(1)), ImVec2(end.x, end.y + ctx.px(2)),
                     IM_COL32(15, 23, 42, 10), ctx.px(12));
  draw.AddRectFilled(pos, end, p.card_background, ctx.px(12));
  draw.AddRect(pos, end, p.card_border, ctx.px(12), 0, ctx.px(1));
  chrome.push_back({"sign-in-form", "Sign in", pos, end});

  const float inner = width - pad * 2;
  float y = pos.y + pad;
  draw_text(draw, ctx.fonts.heading, ImVec2(pos.x + pad, y), p.text, "Sign in");
  y += ctx.fonts.heading->FontSize + ctx.px(8);
  draw_text(draw, ctx.fonts.body, ImVec2(pos.x + pad, y), p.text_muted,
            fit_text(ctx.fonts.body, "to see your MOC collection.", inner));
  y += ctx.fonts.body->FontSize + ctx.px(24);

  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  bool submit = draw_field(ctx, "##username", "Username", form.username.data(),
                           form.username.size(), ImGuiInputTextFlags_None, ImVec2(pos.x + pad, y),
                           inner, chrome, "sign-in-username");
  y += field_h;
  submit |= draw_field(ctx, "##password", "Password", form.password.data(), form.password.size(),
                       ImGuiInputTextFlags_Password, ImVec2(pos.x + pad, y), inner, chrome,
                       "sign-in-password");
  y += field_h;
  if (!error.empty()) {
    draw_text(draw, ctx.fonts.body, ImVec2(pos.x + pad, y), p.bad,
              fit_text(ctx.fonts.body, error, inner));
    chrome.push_back({"sign-in-error", error, ImVec2(pos.x + pad, y),
                      ImVec2(pos.x + pad + inner, y + ctx.fonts.body->FontSize)});
    y += ctx.fonts.body->FontSize + ctx.px(12);
  }
  const char* label = busy ? "Signing in..." : "Sign in";
  const ImVec2 button(pos.x + pad, y);
  chrome.push_back({"sign-in-submit", label, button, ImVec2(button.x + inner, y + ctx.px(44))});
  submit |=
      draw_button(ctx, "##sign-in", label, button, ImVec2(inner, ctx.px(44)), ButtonStyle::Primary);
  if (!submit || busy || form.username[0] == '\0') return std::nullopt;
  return Credentials{form.username.data(), form.password.data()};
}

}  // namespace dashboard::ui
