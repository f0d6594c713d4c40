// The browser client's entry point: a WebGL2 canvas through Emscripten's
// GLFW emulation, sized every frame to the canvas' CSS size x DPR so text
// is rasterized for the screen it is on.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>

#include "app/dashboard_app.hpp"
#include "platform/gl_frame.hpp"

// web/dashboard_interop.js
extern "C" void dashboard_signal_ready();
extern "C" void dashboard_signal_fatal(const char* message);

namespace {

constexpr const char* kCanvas = "#canvas";

struct WebClient {
  GLFWwindow* window = nullptr;
  dashboard::app::DashboardApp app{"/fonts"};
  bool ready_signalled = false;
};

dashboard::core::DisplayMetrics read_metrics() {
  double css_w = 0;
  double css_h = 0;
  emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
  return {static_cast<float>(css_w), static_cast<float>(css_h),
          static_cast<float>(emscripten_get_device_pixel_ratio())};
}

// Keeps the backbuffer at CSS size x DPR; the canvas' CSS size follows the
// window through the stylesheet.
void fit_backbuffer(const dashboard::core::DisplayMetrics& metrics) {
  const dashboard::core::BackbufferSize want = dashboard::core::backbuffer_size(metrics);
  int have_w = 0;
  int have_h = 0;
  emscripten_get_canvas_element_size(kCanvas, &have_w, &have_h);
  if (have_w != want.width || have_h != want.height) {
    emscripten_set_canvas_element_size(kCanvas, want.width, want.height);
  }
}

void frame(void* arg) {
  WebClient& client = *static_cast<WebClient*>(arg);
  const dashboard::core::DisplayMetrics metrics = read_metrics();
  fit_backbuffer(metrics);
  dashboard::platform::render_frame(client.app, metrics, 1.0f);
  if (!client.ready_signalled) {
    client.ready_signalled = true;
    dashboard_signal_ready();
  }
}

}  // namespace

int main() {
  if (!glfwInit()) {
    dashboard_signal_fatal("This browser could not start the dashboard's graphics.");
    return 1;
  }
  static WebClient client;
  const dashboard::core::DisplayMetrics metrics = read_metrics();
  const dashboard::core::BackbufferSize fb = dashboard::core::backbuffer_size(metrics);
  client.window = glfwCreateWindow(fb.width, fb.height, "MOC Dashboard", nullptr, nullptr);
  if (client.window == nullptr) {
    dashboard_signal_fatal("WebGL 2 is not available in this browser.");
    return 1;
  }
  glfwMakeContextCurrent(client.window);
  dashboard::platform::init_imgui(client.window, "#version 300 es");
  // Build the atlas before the renderer creates its device objects, so the
  // first upload is already the right one.
  client.app.prepare_frame(metrics);
  if (!client.app.fonts_ok()) {
    dashboard_signal_fatal("The dashboard's fonts could not be loaded.");
    return 1;
  }
  emscripten_set_main_loop_arg(frame, &client, 0, true);
  return 0;
}
