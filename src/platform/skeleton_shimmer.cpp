#include "platform/skeleton_shimmer.hpp"

#include <imgui.h>

#include <cmath>
#include <deque>

#include "platform/gl.hpp"
#include "platform/gl_program.hpp"
#include "shaders/skeleton_shimmer.hpp"
#include "ui/card.hpp"

namespace dashboard::platform {
namespace {

// One sweep of the band, in seconds.
constexpr double kSweepSeconds = 1.4;

struct Bar {
  ImVec2 min;
  ImVec2 max;
  float rounding;
  ImVec4 base;
  ImVec4 highlight;
  float phase;
};

struct Gpu {
  GLuint program = 0;
  GLuint vao = 0;
  GLuint vbo = 0;
  GLint u_framebuffer = -1;
  GLint u_rect = -1;
  GLint u_radius = -1;
  GLint u_base = -1;
  GLint u_highlight = -1;
  GLint u_phase = -1;
};

Gpu g_gpu;
// Callback data must outlive the frame's render; a deque keeps addresses
// stable as it grows.
std::deque<Bar> g_bars;

void draw_bar(const ImDrawList*, const ImDrawCmd* cmd) {
  const Bar& bar = *static_cast<const Bar*>(cmd->UserCallbackData);
  const ImDrawData& data = *ImGui::GetDrawData();
  const float fb_w = data.DisplaySize.x * data.FramebufferScale.x;
  const float fb_h = data.DisplaySize.y * data.FramebufferScale.y;
  const ImVec2 origin = data.DisplayPos;
  const ImVec2 min(bar.min.x - origin.x, bar.min.y - origin.y);
  const ImVec2 max(bar.max.x - origin.x, bar.max.y - origin.y);

  // The clip rect of the window the bar sits in (the scrolling content).
  const ImVec4 clip = cmd->ClipRect;
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<GLint>(clip.x - origin.x), static_cast<GLint>(fb_h - (clip.w - origin.y)),
            static_cast<GLsizei>(clip.z - clip.x), static_cast<GLsizei>(clip.w - clip.y));

  // One pixel of margin for the anti-aliased edge.
  const auto ndc_x = [fb_w](float x) { return x / fb_w * 2 - 1; };
  const auto ndc_y = [fb_h](float y) { return 1 - y / fb_h * 2; };
  const float x0 = ndc_x(min.x - 1);
  const float x1 = ndc_x(max.x + 1);
  const float y0 = ndc_y(min.y - 1);
  const float y1 = ndc_y(max.y + 1);
  const float quad[] = {x0, y0, x1, y0, x0, y1, x1, y1};

  glUseProgram(g_gpu.program);
  glUniform2f(g_gpu.u_framebuffer, fb_w, fb_h);
  glUniform4f(g_gpu.u_rect, min.x, min.y, max.x - min.x, max.y - min.y);
  glUniform1f(g_gpu.u_radius, bar.rounding);
  glUniform4f(g_gpu.u_base, bar.base.x, bar.base.y, bar.base.z, bar.base.w);
  glUniform4f(g_gpu.u_highlight, bar.highlight.x, bar.highlight.y, bar.highlight.z,
              bar.highlight.w);
  glUniform1f(g_gpu.u_phase, bar.phase);
  glBindVertexArray(g_gpu.vao);
  glBindBuffer(GL_ARRAY_BUFFER, g_gpu.vbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STREAM_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void paint(ImDrawList& draw, ImVec2 min, ImVec2 max, float rounding, ImU32 base, ImU32 highlight) {
  const double t = ImGui::GetTime() / kSweepSeconds;
  g_bars.push_back(Bar{min, max, rounding, ImGui::ColorConvertU32ToFloat4(base),
                       ImGui::ColorConvertU32ToFloat4(highlight),
                       static_cast<float>(t - std::floor(t))});
  draw.AddCallback(draw_bar, &g_bars.back());
  // Hand the GL state back to ImGui's renderer for the next command.
  draw.AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace

bool init_skeleton_shimmer(const char* glsl_version) {
  const GLuint program = build_program(glsl_version, kSkeletonShimmerVertex,
                                       kSkeletonShimmerFragment, "skeleton shimmer");
  if (program == 0) return false;
  g_gpu.program = program;
  g_gpu.u_framebuffer = glGetUniformLocation(program, "u_framebuffer");
  g_gpu.u_rect = glGetUniformLocation(program, "u_rect");
  g_gpu.u_radius = glGetUniformLocation(program, "u_radius");
  g_gpu.u_base = glGetUniformLocation(program, "u_base");
  g_gpu.u_highlight = glGetUniformLocation(program, "u_highlight");
  g_gpu.u_phase = glGetUniformLocation(program, "u_phase");
  glGenVertexArrays(1, &g_gpu.vao);
  glGenBuffers(1, &g_gpu.vbo);
  ui::set_skeleton_painter(paint);
  return true;
}

void begin_skeleton_shimmer_frame() {
  g_bars.clear();
}

void shutdown_skeleton_shimmer() {
  ui::set_skeleton_painter(nullptr);
  if (g_gpu.program != 0) glDeleteProgram(g_gpu.program);
  if (g_gpu.vbo != 0) glDeleteBuffers(1, &g_gpu.vbo);
  if (g_gpu.vao != 0) glDeleteVertexArrays(1, &g_gpu.vao);
  g_gpu = Gpu{};
  g_bars.clear();
}

}  // namespace dashboard::platform
