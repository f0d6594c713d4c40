#include "ui/sign_in_panel.hpp"

#include <algorithm>
#include <cmath>

#include "ui/widgets.hpp"

namespace dashboard::ui {

std::optional<Credentials> draw_sign_in_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max,
                                              FieldIo& io, bool busy, const std::string& error,
                                              std::vector<Semantic>& chrome, bool offer_sign_up,
                                              bool* sign_up_clicked) {
  const Palette& p = ctx.palette;
  const float width = std::min(ctx.px(400), max.x - min.x - ctx.px(32));
  const float pad = ctx.px(28);
  const float field_h = text_field_height(ctx, true, false) + ctx.px(16);
  const float height = pad * 2 + ctx.fonts.heading->FontSize + ctx.px(8) +
                       ctx.fonts.body->FontSize + ctx.px(24) + field_h * 2 + ctx.px(44) +
                       (error.empty() ? 0 : ctx.fonts.body->FontSize + ctx.px(12)) +
                       (offer_sign_up ? ctx.fonts.body->FontSize + ctx.px(24) : 0);
  const ImVec2 pos(std::floor(min.x + (max.x - min.x - width) / 2),
                   std::floor(min.y + std::max(ctx.px(32), (max.y - min.y - height) / 3)));
  const ImVec2 end(pos.x + width, pos.y + height);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(ImVec2(pos.x, pos.y + ctx.px(1)), ImVec2(end.x, end.y + ctx.px(2)),
                     IM_COL32(15, 23, 42, 10), ctx.px(12));
  draw.AddRectFilled(pos, end, p.card_background, ctx.px(12));
  draw.AddRect(pos, end, p.card_border, ctx.px(12), 0, ctx.px(1));

  const float inner = width - pad * 2;
  float y = pos.y + pad;
  draw_text(draw, ctx.fonts.heading, ImVec2(pos.x + pad, y), p.text, "Sign in");
  y += ctx.fonts.heading->FontSize + ctx.px(8);
  draw_text(draw, ctx.fonts.body, ImVec2(pos.x + pad, y), p.text_muted,
            fit_text(ctx.fonts.body, "to see your MOC collection.", inner));
  y += ctx.fonts.body->FontSize + ctx.px(24);

  TextFieldState& username = io.state("sign-in-username");
  TextFieldState& password = io.state("sign-in-password");
  if (ImGui::IsWindowAppearing()) username.focus_requested = true;
  bool submit = draw_text_field(ctx,
                                {.id = "sign-in-username",
                                 .label = "Username",
                                 .name = "username",
                                 .autocomplete = "username",
                                 .form = "sign-in-form"},
                                io, ImVec2(pos.x + pad, y), inner)
                    .submitted;
  y += field_h;
  submit |= draw_text_field(ctx,
                            {.id = "sign-in-password",
                             .label = "Password",
                             .kind = FieldKind::Password,
                             .name = "password",
                             .autocomplete = "current-password",
                             .form = "sign-in-form"},
                            io, ImVec2(pos.x + pad, y), inner)
                .submitted;
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
  const ImVec2 button_max(button.x + inner, y + ctx.px(44));
  submit |= draw_button(ctx, "##sign-in", label, button, ImVec2(inner, ctx.px(44)),
                        ButtonStyle::Primary, ButtonIcon::None, busy);
  report_form(io, "sign-in-form", "sign-in-submit", label, busy, pos, end, button, button_max);
  submit |= io.take_submit("sign-in-form");
  if (offer_sign_up) {
    const char* link = "No account? Create one";
    const ImVec2 at(pos.x + pad, button_max.y + ctx.px(20));
    const bool clicked = draw_link(ctx, "##sign-in-to-sign-up", link, at);
    if (sign_up_clicked != nullptr) *sign_up_clicked = clicked;
    chrome.push_back({"sign-in-to-sign-up", link, at,
                      ImVec2(at.x + text_width(ctx.fonts.body, link),
                             at.y + ctx.fonts.body->FontSize + ctx.px(4))});
  }
  if (!submit || busy || username.value.empty()) return std::nullopt;
  return Credentials{username.value, password.value};
}

}  // namespace dashboard::ui
