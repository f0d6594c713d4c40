// The native debug client: the dashboard in a GLFW window with an OpenGL
// 3.3 context, sharing every line of UI code with the browser client.
//
//   dashboard-native [--width 1280] [--height 800] [--scale 2]
//                    [--fixture snapshot.json] [--frames N --screenshot out.png]
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "app/dashboard_app.hpp"
#include "core/json_codec.hpp"
#include "platform/gl_frame.hpp"
#include "platform/native/screenshot.hpp"

namespace {

struct Options {
  int width = 1280;
  int height = 800;
  float scale = 0;  // 0: the monitor's content scale
  int frames = 0;   // 0: run until the window closes
  std::string screenshot;
  std::string fixture;  // a snapshot JSON file to show (GET /api/dashboard's body)
};

bool parse_options(int argc, char** argv, Options& out) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (value == nullptr) {
      std::fprintf(stderr, "dashboard-native: %s needs a value\n", arg);
      return false;
    }
    if (std::strcmp(arg, "--width") == 0) {
      out.width = std::atoi(value);
    } else if (std::strcmp(arg, "--height") == 0) {
      out.height = std::atoi(value);
    } else if (std::strcmp(arg, "--scale") == 0) {
      out.scale = std::strtof(value, nullptr);
    } else if (std::strcmp(arg, "--frames") == 0) {
      out.frames = std::atoi(value);
    } else if (std::strcmp(arg, "--screenshot") == 0) {
      out.screenshot = value;
    } else if (std::strcmp(arg, "--fixture") == 0) {
      out.fixture = value;
    } else {
      std::fprintf(stderr, "dashboard-native: unknown option %s\n", arg);
      return false;
    }
    ++i;
  }
  if (out.width <= 0 || out.height <= 0 || out.frames < 0) {
    std::fprintf(stderr, "dashboard-native: --width, --height and --frames must be positive\n");
    return false;
  }
  return true;
}

// The native window has no CSS; its "CSS pixels" are framebuffer pixels
// divided by the scale, which gives the same layout as a browser at that DPR.
dashboard::core::DisplayMetrics read_metrics(GLFWwindow* window, float forced_scale) {
  int fb_w = 0;
  int fb_h = 0;
  glfwGetFramebufferSize(window, &fb_w, &fb_h);
  float scale = forced_scale;
  if (scale <= 0) {
    float y_scale = 1;
    glfwGetWindowContentScale(window, &scale, &y_scale);
  }
  scale = dashboard::core::sanitize_device_pixel_ratio(scale);
  return {static_cast<float>(fb_w) / scale, static_cast<float>(fb_h) / scale, scale};
}

float mouse_to_device(GLFWwindow* window) {
  int win_w = 0;
  int win_h = 0;
  int fb_w = 0;
  int fb_h = 0;
  glfwGetWindowSize(window, &win_w, &win_h);
  glfwGetFramebufferSize(window, &fb_w, &fb_h);
  return win_w > 0 ? static_cast<float>(fb_w) / static_cast<float>(win_w) : 1.0f;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) return 2;
  // Read the fixture before opening a window, so a bad file fails fast.
  std::optional<dashboard::core::DashboardView> fixture;
  if (!options.fixture.empty()) {
    std::ifstream in(options.fixture);
    std::stringstream text;
    text << in.rdbuf();
    auto view = dashboard::core::decode_dashboard_view(text.str());
    if (!in || !view) {
      std::fprintf(stderr, "dashboard-native: %s: %s\n", options.fixture.c_str(),
                   in ? view.error().to_string().c_str() : "cannot read");
      return 2;
    }
    fixture = std::move(view).value();
  }
  glfwSetErrorCallback(
      [](int code, const char* text) { std::fprintf(stderr, "glfw error %d: %s\n", code, text); });
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window =
      glfwCreateWindow(options.width, options.height, "MOC Dashboard (native)", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  dashboard::platform::init_imgui(window, "#version 330 core");

  dashboard::app::DashboardApp app(DASHBOARD_FONT_DIR);
  app.prepare_frame(read_metrics(window, options.scale));
  if (!app.fonts_ok()) {
    std::fprintf(stderr, "dashboard-native: cannot read fonts from %s\n", DASHBOARD_FONT_DIR);
    return 1;
  }

  if (fixture) app.set_view(*fixture);

  int exit_code = 0;
  for (int frame = 1; !glfwWindowShouldClose(window); ++frame) {
    glfwPollEvents();
    const dashboard::core::DisplayMetrics metrics = read_metrics(window, options.scale);
    dashboard::platform::render_frame(app, metrics, mouse_to_device(window));
    if (options.frames > 0 && frame >= options.frames) {
      if (!options.screenshot.empty()) {
        const dashboard::core::BackbufferSize fb = dashboard::core::backbuffer_size(metrics);
        if (!dashboard::platform::save_backbuffer_png(options.screenshot, fb.width, fb.height)) {
          std::fprintf(stderr, "dashboard-native: cannot write %s\n", options.screenshot.c_str());
          exit_code = 1;
        }
      }
      break;
    }
    glfwSwapBuffers(window);
  }

  dashboard::platform::shutdown_imgui();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}
