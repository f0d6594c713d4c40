// The native debug client: the dashboard in a GLFW window with an OpenGL
// 3.3 context, sharing every line of UI code with the browser client. With
// --server it is live: NativeTransport (Beast on an I/O thread) drives the
// same LiveClient as the browser, and --report mirrors what it shows into a
// JSON file for tests.
//
//   dashboard-native [--width 1280] [--height 800] [--scale 2]
//                    [--fixture snapshot.json] [--frames N --screenshot out.png]
//                    [--server http://127.0.0.1:8080
//                       [--token TOKEN | --user NAME --password PW]
//                       [--reconnect-delay-ms 1000] [--reconnect-max-ms 30000]]
//                    [--report view.json] [--route /mocs/<id>]
//                    [--semantics page.json]  (what the page shows, as the web overlay gets it)
//                    [--bench-scroll N]   (with --route /mocs: time to the first rows, then
//                                          N frames scrolling the list; JSON on stdout)
//                    [--frame-mode cached|full|clear]  (redraw what changed (default), every
//                                          pixel, or clear only: frame-cost comparisons)
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "app/collection_client.hpp"
#include "app/dashboard_app.hpp"
#include "app/live_client.hpp"
#include "app/messages_client.hpp"
#include "app/semantics_overlay.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"
#include "platform/gl_frame.hpp"
#include "platform/native/native_images.hpp"
#include "platform/native/native_transport.hpp"
#include "platform/native/screenshot.hpp"
#include "platform/native/view_report.hpp"

namespace {

struct Options {
  int width = 1280;
  int height = 800;
  float scale = 0;  // 0: the monitor's content scale
  int frames = 0;   // 0: run until the window closes
  std::string screenshot;
  std::string fixture;  // a snapshot JSON file to show (GET /api/dashboard's body)
  std::string server;   // the origin to go live against, e.g. http://127.0.0.1:8080
  std::string token;
  std::string user;
  std::string password;
  std::int64_t reconnect_delay_ms = 0;  // 0: the connection policy's default
  std::int64_t reconnect_max_ms = 0;
  std::string report;                // where to mirror the shown view as JSON
  std::string route = "/dashboard";  // the page to open, as the web app's address
  int bench_scroll = 0;              // frames to scroll the MOCs list for, once its rows show
  std::string semantics;             // where to mirror the route and the overlay's description
  // cached (redraw what changed), full (every pixel, every frame) or clear:
  // the frame-cost benchmark's before and floor.
  dashboard::platform::FrameMode frame_mode = dashboard::platform::FrameMode::Cached;
};

// While the live client has nothing to animate, the loop sleeps this long
// at most between frames (a queued completion wakes it at once); it bounds
// how late the heartbeat check in LiveClient::update() runs.
constexpr double kIdleWaitSeconds = 0.5;
// Frames drawn after any wake-up, so ImGui's hover and click states settle.
constexpr int kSettleFrames = 4;

volatile std::sig_atomic_t g_quit = 0;

void request_quit(int /*signal*/) {
  g_quit = 1;
}

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
    } else if (std::strcmp(arg, "--server") == 0) {
      out.server = value;
    } else if (std::strcmp(arg, "--token") == 0) {
      out.token = value;
    } else if (std::strcmp(arg, "--user") == 0) {
      out.user = value;
    } else if (std::strcmp(arg, "--password") == 0) {
      out.password = value;
    } else if (std::strcmp(arg, "--reconnect-delay-ms") == 0) {
      out.reconnect_delay_ms = std::strtoll(value, nullptr, 10);
    } else if (std::strcmp(arg, "--reconnect-max-ms") == 0) {
      out.reconnect_max_ms = std::strtoll(value, nullptr, 10);
    } else if (std::strcmp(arg, "--report") == 0) {
      out.report = value;
    } else if (std::strcmp(arg, "--route") == 0) {
      out.route = value;
    } else if (std::strcmp(arg, "--semantics") == 0) {
      out.semantics = value;
    } else if (std::strcmp(arg, "--bench-scroll") == 0) {
      out.bench_scroll = std::atoi(value);
    } else if (std::strcmp(arg, "--frame-mode") == 0) {
      if (std::strcmp(value, "cached") == 0) {
        out.frame_mode = dashboard::platform::FrameMode::Cached;
      } else if (std::strcmp(value, "full") == 0) {
        out.frame_mode = dashboard::platform::FrameMode::Full;
      } else if (std::strcmp(value, "clear") == 0) {
        out.frame_mode = dashboard::platform::FrameMode::ClearOnly;
      } else {
        std::fprintf(stderr, "dashboard-native: --frame-mode is cached, full or clear\n");
        return false;
      }
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
  if (out.reconnect_delay_ms < 0 || out.reconnect_max_ms < 0) {
    std::fprintf(stderr,
                 "dashboard-native: --reconnect-delay-ms and --reconnect-max-ms must be >= 0\n");
    return false;
  }
  if (!out.server.empty() && !out.fixture.empty()) {
    std::fprintf(stderr, "dashboard-native: --server and --fixture exclude each other\n");
    return false;
  }
  if (out.user.empty() != out.password.empty()) {
    std::fprintf(stderr, "dashboard-native: --user and --password go together\n");
    return false;
  }
  if (!out.token.empty() && !out.user.empty()) {
    std::fprintf(stderr, "dashboard-native: --token and --user exclude each other\n");
    return false;
  }
  if (out.server.empty() && (!out.token.empty() || !out.user.empty())) {
    std::fprintf(stderr, "dashboard-native: --token and --user need --server\n");
    return false;
  }
  return true;
}

// The live side: the transport and the client it drives. The transport is
// declared first so it outlives the client that holds a reference to it.
struct LiveSide {
  LiveSide(const dashboard::platform::Origin& origin, dashboard::app::LiveConfig config)
      : transport(origin),
        client(transport, std::move(config),
               [rng = std::mt19937(std::random_device{}())]() mutable {
                 return std::uniform_real_distribution<double>(0, 1)(rng);
               }) {}

  dashboard::platform::NativeTransport transport;
  dashboard::app::LiveClient client;
  dashboard::app::CollectionClient collection{transport, client};
  dashboard::app::BoardClient board{transport, client};
  dashboard::app::AccountClient account{transport, client};
  dashboard::app::MessagesClient messages{transport, client};
  dashboard::app::StatusClient status{transport, client};
};

dashboard::core::UnixMillis now_ms() {
  return dashboard::app::system_wall_clock().now;
}

dashboard::app::LiveConfig live_config(const Options& options) {
  dashboard::app::LiveConfig config;
  if (options.reconnect_delay_ms > 0) config.connection.backoff.min_ms = options.reconnect_delay_ms;
  if (options.reconnect_max_ms > 0) config.connection.backoff.max_ms = options.reconnect_max_ms;
  config.connection = dashboard::core::client::clamp_config(config.connection);
  return config;
}

// Starts the live client and signs in as the options say.
std::unique_ptr<LiveSide> start_live(const Options& options,
                                     const dashboard::platform::Origin& origin) {
  auto live = std::make_unique<LiveSide>(origin, live_config(options));
  // glfwPostEmptyEvent may be called from any thread: it ends the UI
  // loop's wait so a completion is drained without delay.
  live->transport.set_wake([] { glfwPostEmptyEvent(); });
  live->client.clock = now_ms;
  live->client.log = [](std::string_view line) {
    std::fprintf(stderr, "dashboard-native: %.*s\n", static_cast<int>(line.size()), line.data());
  };
  // Nothing to persist natively; the token lives as long as the process.
  live->client.on_token = [](const std::string& /*token*/, const std::string& username) {
    if (!username.empty())
      std::fprintf(stderr, "dashboard-native: signed in as %s\n", username.c_str());
  };
  const dashboard::core::UnixMillis now = now_ms();
  if (!options.user.empty()) {
    live->client.start("", "", now);
    live->client.sign_in(options.user, options.password, now);
  } else {
    live->client.start(options.token, "", now);
  }
  return live;
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
  std::optional<dashboard::platform::Origin> origin;
  if (!options.server.empty()) {
    origin = dashboard::platform::parse_origin(options.server);
    if (!origin) {
      std::fprintf(stderr, "dashboard-native: --server %s: expected http://host:port\n",
                   options.server.c_str());
      return 2;
    }
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
  // A swap leaves the back buffer undefined: frames are cached offscreen.
  dashboard::platform::init_imgui(window, "#version 330 core", false);
  dashboard::platform::set_frame_mode(options.frame_mode);

  dashboard::app::DashboardApp app(DASHBOARD_FONT_DIR);
  app.set_fallback_font_dir(DASHBOARD_FALLBACK_FONT_DIR);
  app.prepare_frame(read_metrics(window, options.scale));
  if (!app.fonts_ok()) {
    std::fprintf(stderr, "dashboard-native: cannot read fonts from %s\n", DASHBOARD_FONT_DIR);
    return 1;
  }

  if (fixture) app.set_view(*fixture);
  app.set_route(options.route);
  // In-app navigation keeps a history of its own (the Add MOC form's Cancel goes back).
  std::vector<std::string> history{dashboard::core::client::route_path(app.route())};
  std::string title;
  std::string semantics_written;
  std::unique_ptr<LiveSide> live;
  std::shared_ptr<dashboard::platform::ImageLoader> images;  // covers, from the live server
  if (origin) {
    live = start_live(options, *origin);
    app.attach(&live->client, &live->collection);
    app.set_board(&live->board);
    app.set_account(&live->account);
    app.set_messages(&live->messages);
    app.set_status(&live->status);
    images = dashboard::platform::make_native_image_loader(live->transport);
    app.set_images(images.get());
  }
  std::optional<dashboard::platform::ViewReport> report;
  if (!options.report.empty()) report.emplace(options.report);
  const auto report_state = [&](dashboard::core::UnixMillis now) {
    return std::pair(live ? live->client.view() : app.view(),
                     live ? live->client.link(now) : dashboard::app::LinkState{});
  };
  std::signal(SIGTERM, request_quit);
  std::signal(SIGINT, request_quit);

  int exit_code = 0;
  int settle_frames = kSettleFrames;  // frames still owed to the last wake-up
  // --bench-scroll: when the list's first rows showed, then each frame's time.
  const auto started = std::chrono::steady_clock::now();
  std::optional<double> first_rows_ms;
  std::vector<double> scroll_frame_ms;
  const auto shows_rows = [&app] {
    for (const dashboard::ui::CardReport& c : app.last_frame().cards) {
      if (c.find("moc-row") != nullptr) return true;
    }
    return false;
  };
  dashboard::core::UnixMillis drawn_minute = 0;
  dashboard::core::ConnectionStatus drawn_status = dashboard::core::ConnectionStatus::Offline;
  for (int frame = 1; !glfwWindowShouldClose(window) && g_quit == 0; ++frame) {
    // Idle (nothing animating): sleep until input, a network completion
    // (the I/O thread posts an empty event) or the timeout, and draw only
    // when one of those woke us, as the web client does.
    const bool idle = options.frames == 0 && !app.animating() && settle_frames == 0;
    if (idle) {
      const auto slept_from = std::chrono::steady_clock::now();
      glfwWaitEventsTimeout(kIdleWaitSeconds);
      const auto slept = std::chrono::steady_clock::now() - slept_from;
      if (slept < std::chrono::duration<double>(kIdleWaitSeconds * 0.9))
        settle_frames = kSettleFrames;
    } else {
      glfwPollEvents();
    }
    if (live) {
      live->transport.drain();
      live->client.update(now_ms());
      live->collection.update(now_ms());
      live->board.update(now_ms());
      live->messages.update(now_ms());
    }
    if (report) {
      const auto [view, link] = report_state(now_ms());
      report->update(view, link);
    }
    // Relative dates ("5 min ago") move on: one frame a minute at least.
    const dashboard::core::UnixMillis minute = now_ms() / 60000;
    if (minute != drawn_minute) settle_frames = std::max(settle_frames, 1);
    // The indicator changes with time alone (an unanswered probe turns it amber).
    if (live) {
      const dashboard::core::ConnectionStatus status = live->client.link(now_ms()).status;
      if (status != drawn_status) settle_frames = std::max(settle_frames, 1);
      drawn_status = status;
    }
    if (options.frames == 0 && settle_frames == 0 && !app.animating()) continue;
    settle_frames = std::max(settle_frames - 1, 0);
    drawn_minute = minute;
    const dashboard::core::DisplayMetrics metrics = read_metrics(window, options.scale);
    const bool scrolling = options.bench_scroll > 0 && first_rows_ms.has_value();
    if (scrolling) app.scroll_list(240);  // a fast fling: four rows a frame
    const auto frame_start = std::chrono::steady_clock::now();
    dashboard::platform::render_frame(app, metrics, mouse_to_device(window));
    if (options.bench_scroll > 0) {
      glFinish();  // the GL work counts: it is the software rasterizer's here
      const auto now = std::chrono::steady_clock::now();
      if (scrolling) {
        scroll_frame_ms.push_back(
            std::chrono::duration<double, std::milli>(now - frame_start).count());
      } else if (shows_rows()) {
        first_rows_ms = std::chrono::duration<double, std::milli>(now - started).count();
      }
      settle_frames = kSettleFrames;  // keep drawing
      if (static_cast<int>(scroll_frame_ms.size()) >= options.bench_scroll) {
        std::vector<double> sorted = scroll_frame_ms;
        std::sort(sorted.begin(), sorted.end());
        const auto at = [&sorted](double q) {
          return sorted[std::min(sorted.size() - 1,
                                 static_cast<std::size_t>(q * static_cast<double>(sorted.size())))];
        };
        std::printf(
            "{\"firstRowsMs\":%.1f,\"frames\":%zu,\"frameMsMedian\":%.2f,\"frameMsP95\":%.2f,"
            "\"frameMsMax\":%.2f}\n",
            *first_rows_ms, sorted.size(), at(0.5), at(0.95), sorted.back());
        std::fflush(stdout);
        break;
      }
    }
    if (auto route = app.take_navigation()) {
      history.push_back(*route);
      std::fprintf(stderr, "dashboard-native: route %s\n", route->c_str());
    }
    if (auto route = app.take_replacement()) history.back() = *route;
    if (app.take_back() && history.size() > 1) {
      history.pop_back();
      app.set_route(history.back());
    }
    if (!options.semantics.empty()) {
      // The same description the browser's overlay gets, with the route:
      // tests read the native pages through it.
      std::string json = "{\"route\":";
      dashboard::core::json_text::append_string(json,
                                                dashboard::core::client::route_path(app.route()));
      json += ",\"title\":";
      dashboard::core::json_text::append_string(json, app.document_title());
      json += ",\"frame\":" +
              dashboard::app::encode_semantics(app.last_frame(), metrics.device_pixel_ratio) + "}";
      if (json != semantics_written) {
        std::string error;
        if (dashboard::platform::write_file_atomically(options.semantics, json, error)) {
          semantics_written = std::move(json);
        }
      }
    }
    if (app.document_title() != title) {
      title = app.document_title();
      glfwSetWindowTitle(window, (title + " (native)").c_str());
    }
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

  if (report) {
    const auto [view, link] = report_state(now_ms());
    report->write(view, link);
  }
  if (live) {
    app.attach(nullptr);
    app.set_board(nullptr);
    app.set_account(nullptr);
    app.set_messages(nullptr);
    app.set_status(nullptr);
    app.set_images(nullptr);
    images.reset();  // deletes its textures while the GL context lives
    live->client.stop(now_ms());
    live.reset();  // sends the close frame, joins the I/O thread
  }
  dashboard::platform::shutdown_imgui();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}
