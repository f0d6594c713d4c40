// A headless ImGui frame for UI tests: a context with the real fonts at a
// chosen DPR, the dashboard theme, a full-display host window like the
// shell's, and a mouse the test moves and clicks. No window, no GL: the
// test reads the CardReport a card returns and the frame's draw data.
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "ui/card.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace dashboard::ui::testing {

class ImGuiHarness {
 public:
  explicit ImGuiHarness(float dpr = 1, ImVec2 css_display = ImVec2(1440, 900)) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DeltaTime = 1.0f / 60;
    io.DisplaySize = ImVec2(css_display.x * dpr, css_display.y * dpr);
    io.MousePos = ImVec2(-1, -1);
    fonts_ = load_fonts(DASHBOARD_FONT_DIR, dpr);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    apply_theme(light_palette(), dpr);
  }
  ~ImGuiHarness() { ImGui::DestroyContext(); }
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;

  bool fonts_ok() const { return fonts_.body != nullptr; }
  const FontSet& fonts() const { return fonts_; }
  DrawContext ctx(core::UnixMillis now = 0) const {
    return DrawContext{.fonts = fonts_, .palette = light_palette(), .now = now};
  }

  // One frame: `body` draws inside a host window covering the display.
  template <typename Body>
  auto frame(Body&& body) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("##host", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushFont(fonts_.body);
    auto result = body();
    ImGui::PopFont();
    ImGui::End();
    ImGui::Render();
    expect_balanced_stacks();
    return result;
  }

  // Moves the mouse to `at` and runs two frames so ImGui sees the hover.
  template <typename Body>
  auto hover(ImVec2 at, Body&& body) {
    ImGui::GetIO().MousePos = at;
    frame(body);
    return frame(body);
  }

  // A full click at `at`: hover, press, release. Returns the release frame.
  template <typename Body>
  auto click(ImVec2 at, Body&& body) {
    hover(at, body);
    ImGui::GetIO().MouseDown[0] = true;
    frame(body);
    ImGui::GetIO().MouseDown[0] = false;
    return frame(body);
  }

  // What the last frame emitted.
  int vertex_count() const { return ImGui::GetDrawData()->TotalVtxCount; }

 private:
  // IM_ASSERT is compiled out of the release ImGui, so check here that
  // every Push had its Pop and every Begin its End.
  static void expect_balanced_stacks() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    EXPECT_EQ(g.ColorStack.Size, 0);
    EXPECT_EQ(g.StyleVarStack.Size, 0);
    EXPECT_EQ(g.FontStack.Size, 0);
    EXPECT_EQ(g.CurrentWindowStack.Size, 0);
    EXPECT_EQ(g.CurrentTable, nullptr);
    EXPECT_EQ(g.TablesTempDataStacked, 0);
  }

  FontSet fonts_;
};

inline ImVec2 center(const Semantic& item) {
  return ImVec2((item.min.x + item.max.x) / 2, (item.min.y + item.max.y) / 2);
}

}  // namespace dashboard::ui::testing
