// skeleton_shimmer: the loading skeleton's shimmer, drawn by a GLSL shader
// (shaders/skeleton_shimmer.vert/.frag, embedded at build time) through
// ImGui draw callbacks, so the UI code stays GL-free: it calls the
// ui::SkeletonPainter this installs.
//
//   init_imgui(window, "#version 300 es", true);
//   if (!init_skeleton_shimmer("#version 300 es")) log("flat skeletons");
//   ... every frame: begin_skeleton_shimmer_frame(); draw; render ...
//   shutdown_skeleton_shimmer();
#pragma once

namespace dashboard::platform {

// Compiles the shader and installs the painter; false (and flat skeletons)
// when the GL context refuses it.
bool init_skeleton_shimmer(const char* glsl_version);

// Forgets last frame's bars. Call before drawing a frame.
void begin_skeleton_shimmer_frame();

void shutdown_skeleton_shimmer();

}  // namespace dashboard::platform
