#include "platform/cached_frame.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>

#include "platform/gl.hpp"
#include "platform/gl_program.hpp"
#include "shaders/frame_copy.hpp"

namespace dashboard::platform {
namespace {

ImVec4 clip_to(const ImVec4& clip, const ImVec4& area) {
  return ImVec4(std::max(clip.x, area.x), std::max(clip.y, area.y), std::min(clip.z, area.z),
                std::min(clip.w, area.w));
}

}  // namespace

CachedFrame::CachedFrame(const char* glsl_version, bool window_keeps_pixels)
    : in_window_(window_keeps_pixels) {
  if (in_window_) return;
  copy_program_ = build_program(glsl_version, kFrameCopyVertex, kFrameCopyFragment, "frame cache");
  if (copy_program_ == 0) {
    std::fprintf(stderr, "frame cache unavailable: drawing whole frames\n");
    usable_ = false;
    return;
  }
  glGenVertexArrays(1, &copy_vao_);
  glUseProgram(copy_program_);
  glUniform1i(glGetUniformLocation(copy_program_, "u_frame"), 0);
  glUseProgram(0);
}

CachedFrame::~CachedFrame() {
  release();
  if (copy_program_ != 0) glDeleteProgram(copy_program_);
  if (copy_vao_ != 0) glDeleteVertexArrays(1, &copy_vao_);
}

void CachedFrame::release() {
  if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
  if (colour_ != 0) glDeleteTextures(1, &colour_);
  framebuffer_ = 0;
  colour_ = 0;
  width_ = 0;
  height_ = 0;
}

void CachedFrame::set_mode(FrameMode mode) {
  mode_ = mode;
  stale_ = true;
}

bool CachedFrame::ensure_target(int width, int height) {
  if (in_window_) {
    // A resized canvas starts blank.
    if (width != width_ || height != height_) stale_ = true;
    width_ = width;
    height_ = height;
    return true;
  }
  if (framebuffer_ != 0 && width == width_ && height == height_) return true;
  if (framebuffer_ == 0) {
    glGenFramebuffers(1, &framebuffer_);
    glGenTextures(1, &colour_);
  }
  glBindTexture(GL_TEXTURE_2D, colour_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);  // complete without mipmaps
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour_, 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    std::fprintf(stderr,
                 "frame cache unavailable (framebuffer status 0x%x): drawing whole frames\n",
                 status);
    release();
    return false;
  }
  width_ = width;
  height_ = height;
  stale_ = true;  // a new buffer holds nothing yet
  return true;
}

void CachedFrame::draw_whole(ImDrawData& data, ImVec4 clear, int width, int height,
                             bool clear_only) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(clear.x, clear.y, clear.z, clear.w);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!clear_only) ImGui_ImplOpenGL3_RenderDrawData(&data);
  redrawn_pixels_ = static_cast<long long>(width) * height;
}

bool CachedFrame::filter_list(const ImDrawList& list, const std::vector<ImVec4>& areas,
                              PassList& out) {
  out.commands.resize(0);
  out.indices.resize(0);
  out.by_area.resize(areas.size());
  bool draws = false;
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    if (cmd.UserCallback != nullptr) {
      // Once per area, scissored to it (an empty clip: the shimmer draws nothing).
      for (const ImVec4& area : areas) {
        ImDrawCmd kept = cmd;
        kept.ClipRect = clip_to(cmd.ClipRect, area);
        kept.IdxOffset = static_cast<unsigned>(out.indices.Size);
        kept.ElemCount = 0;
        const bool inside = kept.ClipRect.z > kept.ClipRect.x && kept.ClipRect.w > kept.ClipRect.y;
        if (!inside) kept.ClipRect = ImVec4(area.x, area.y, area.x, area.y);
        out.commands.push_back(kept);
        draws = draws || (inside && cmd.UserCallback != ImDrawCallback_ResetRenderState);
      }
      continue;
    }
    for (ImVector<ImDrawIdx>& bucket : out.by_area) bucket.resize(0);
    for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
      const ImDrawIdx* tri = &list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i)];
      const ImVec2& p0 = list.VtxBuffer[static_cast<int>(cmd.VtxOffset + tri[0])].pos;
      const ImVec2& p1 = list.VtxBuffer[static_cast<int>(cmd.VtxOffset + tri[1])].pos;
      const ImVec2& p2 = list.VtxBuffer[static_cast<int>(cmd.VtxOffset + tri[2])].pos;
      const float min_x = std::min({p0.x, p1.x, p2.x});
      const float max_x = std::max({p0.x, p1.x, p2.x});
      const float min_y = std::min({p0.y, p1.y, p2.y});
      const float max_y = std::max({p0.y, p1.y, p2.y});
      for (std::size_t a = 0; a < areas.size(); ++a) {
        const ImVec4 clip = clip_to(cmd.ClipRect, areas[a]);
        if (max_x < clip.x || min_x > clip.z || max_y < clip.y || min_y > clip.w) {
          continue;  // covers no pixel of this area
        }
        out.by_area[a].push_back(tri[0]);
        out.by_area[a].push_back(tri[1]);
        out.by_area[a].push_back(tri[2]);
      }
    }
    for (std::size_t a = 0; a < areas.size(); ++a) {
      const ImVector<ImDrawIdx>& bucket = out.by_area[a];
      if (bucket.Size == 0) continue;
      ImDrawCmd kept = cmd;
      kept.ClipRect = clip_to(cmd.ClipRect, areas[a]);
      kept.IdxOffset = static_cast<unsigned>(out.indices.Size);
      kept.ElemCount = static_cast<unsigned>(bucket.Size);
      for (const ImDrawIdx index : bucket) out.indices.push_back(index);
      out.commands.push_back(kept);
      draws = true;
    }
  }
  return draws;
}

void CachedFrame::redraw(ImDrawData& data, const std::vector<PixelRect>& rects, ImVec4 clear,
                         int height) {
  glEnable(GL_SCISSOR_TEST);
  glClearColor(clear.x, clear.y, clear.z, clear.w);
  areas_.clear();
  for (const PixelRect& rect : rects) {
    glScissor(rect.x0, height - rect.y1, rect.x1 - rect.x0, rect.y1 - rect.y0);
    glClear(GL_COLOR_BUFFER_BIT);
    areas_.emplace_back(static_cast<float>(rect.x0), static_cast<float>(rect.y0),
                        static_cast<float>(rect.x1), static_cast<float>(rect.y1));
  }

  // One draw for all the rectangles (they do not overlap): each list
  // reduced to the triangles that touch a rectangle, once per rectangle it
  // touches and scissored to it, in their order. Software GL spends its
  // time per triangle as well as per pixel, and a scissor alone still sends
  // every triangle of the frame through vertex shading and setup; one draw
  // uploads each list's vertices once. Lists with nothing inside stay out.
  if (passes_.size() < static_cast<std::size_t>(data.CmdListsCount)) {
    passes_.resize(static_cast<std::size_t>(data.CmdListsCount));
  }
  pass_lists_.clear();
  int vertices = 0;
  int indices = 0;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    ImDrawList& list = *data.CmdLists[l];
    PassList& pass = passes_[static_cast<std::size_t>(l)];
    if (!filter_list(list, areas_, pass)) continue;
    // The list lends its buffers to the draw: swapped in now, back below.
    list.CmdBuffer.swap(pass.commands);
    list.IdxBuffer.swap(pass.indices);
    pass.lent = true;
    pass_lists_.push_back(&list);
    vertices += list.VtxBuffer.Size;
    indices += list.IdxBuffer.Size;
  }
  ImDrawData pass = data;
  pass.CmdLists = pass_lists_.data();
  pass.CmdListsCount = static_cast<int>(pass_lists_.size());
  pass.TotalVtxCount = vertices;
  pass.TotalIdxCount = indices;
  ImGui_ImplOpenGL3_RenderDrawData(&pass);
  for (int l = 0; l < data.CmdListsCount; ++l) {
    PassList& lent = passes_[static_cast<std::size_t>(l)];
    if (!lent.lent) continue;
    data.CmdLists[l]->CmdBuffer.swap(lent.commands);
    data.CmdLists[l]->IdxBuffer.swap(lent.indices);
    lent.lent = false;
  }
}

void CachedFrame::copy_to_window(int width, int height) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
  glUseProgram(copy_program_);
  glBindVertexArray(copy_vao_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, colour_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindVertexArray(0);
  glUseProgram(0);
}

void CachedFrame::render(ImDrawData& data, ImVec4 clear, int width, int height) {
  if (mode_ != FrameMode::Cached || !usable_) {
    draw_whole(data, clear, width, height, mode_ == FrameMode::ClearOnly);
    return;
  }
  if (!ensure_target(width, height)) {
    usable_ = false;
    draw_whole(data, clear, width, height, false);
    return;
  }
  const bool same_clear =
      clear.x == clear_.x && clear.y == clear_.y && clear.z == clear_.z && clear.w == clear_.w;
  const std::vector<PixelRect> damage = damage_.update(data, stale_ || !same_clear);
  stale_ = false;
  clear_ = clear;

  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);  // 0: the window's
  glViewport(0, 0, width, height);
  redrawn_pixels_ = 0;
  if (!damage.empty()) redraw(data, damage, clear, height);
  for (const PixelRect& rect : damage) redrawn_pixels_ += rect.area();

  if (!in_window_) copy_to_window(width, height);
}

}  // namespace dashboard::platform
