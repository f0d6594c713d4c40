#include "platform/gl_frame.hpp"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <GL/gl.h>
#endif

#include "platform/skeleton_shimmer.hpp"

namespace dashboard::platform {

void init_imgui(GLFWwindow* window, const char* glsl_version) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is code, not a saved file
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init(glsl_version);
  if (!init_skeleton_shimmer(glsl_version)) {
    std::fprintf(stderr, "skeleton shimmer unavailable: skeletons are drawn flat\n");
  }
}

void shutdown_imgui() {
  shutdown_skeleton_shimmer();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void render_frame(app::DashboardApp& app, const core::DisplayMetrics& metrics,
                  float mouse_to_device) {
  if (app.prepare_frame(metrics)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();

  const core::BackbufferSize fb = core::backbuffer_size(metrics);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(fb.width), static_cast<float>(fb.height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  if (io.MousePos.x > -1e30f) {  // -FLT_MAX means "no mouse"
    io.MousePos = ImVec2(io.MousePos.x * mouse_to_device, io.MousePos.y * mouse_to_device);
  }

  begin_skeleton_shimmer_frame();
  ImGui::NewFrame();
  app.draw();
  ImGui::Render();

  glViewport(0, 0, fb.width, fb.height);
  const ImVec4 clear = app.clear_color();
  glClearColor(clear.x, clear.y, clear.z, clear.w);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace dashboard::platform
