#include "platform/cached_frame.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>

#include "platform/gl_program.hpp"
#include "shaders/frame_copy.hpp"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif

namespace dashboard::platform {

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

void CachedFrame::redraw(ImDrawData& data, const PixelRect& rect, ImVec4 clear, int height) {
  glEnable(GL_SCISSOR_TEST);
  glScissor(rect.x0, height - rect.y1, rect.x1 - rect.x0, rect.y1 - rect.y0);
  glClearColor(clear.x, clear.y, clear.z, clear.w);
  glClear(GL_COLOR_BUFFER_BIT);

  // Every command clipped to `rect` (the renderer scissors to its clip
  // rectangle); lists with nothing inside stay out of the pass, so their
  // vertices are not uploaded.
  const ImVec4 area(static_cast<float>(rect.x0), static_cast<float>(rect.y0),
                    static_cast<float>(rect.x1), static_cast<float>(rect.y1));
  pass_lists_.clear();
  std::size_t clip_index = 0;
  int vertices = 0;
  int indices = 0;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    ImDrawList& list = *data.CmdLists[l];
    bool inside = false;
    for (ImDrawCmd& cmd : list.CmdBuffer) {
      const ImVec4& own = clips_[clip_index++];
      ImVec4 clip(std::max(own.x, area.x), std::max(own.y, area.y), std::min(own.z, area.z),
                  std::min(own.w, area.w));
      if (clip.z <= clip.x || clip.w <= clip.y) {
        clip = ImVec4(area.x, area.y, area.x, area.y);  // empty: the renderer skips it
      } else if (cmd.UserCallback != ImDrawCallback_ResetRenderState) {
        inside = true;
      }
      cmd.ClipRect = clip;
    }
    if (inside) {
      pass_lists_.push_back(&list);
      vertices += list.VtxBuffer.Size;
      indices += list.IdxBuffer.Size;
    }
  }
  ImDrawData pass = data;
  pass.CmdLists = pass_lists_.data();
  pass.CmdListsCount = static_cast<int>(pass_lists_.size());
  pass.TotalVtxCount = vertices;
  pass.TotalIdxCount = indices;
  ImGui_ImplOpenGL3_RenderDrawData(&pass);
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
  if (!damage.empty()) {
    clips_.clear();
    for (int l = 0; l < data.CmdListsCount; ++l) {
      for (const ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer) clips_.push_back(cmd.ClipRect);
    }
    for (const PixelRect& rect : damage) {
      redraw(data, rect, clear, height);
      redrawn_pixels_ += rect.area();
    }
    std::size_t clip_index = 0;
    for (int l = 0; l < data.CmdListsCount; ++l) {
      for (ImDrawCmd& cmd : data.CmdLists[l]->CmdBuffer) cmd.ClipRect = clips_[clip_index++];
    }
  }

  if (!in_window_) copy_to_window(width, height);
}

}  // namespace dashboard::platform
