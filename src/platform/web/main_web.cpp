// The browser client's entry point: a WebGL2 canvas through Emscripten's
// GLFW emulation, sized every frame to the canvas' CSS size x DPR so text
// is rasterized for the screen it is on. It wires the live client to the
// page (token in localStorage, pagehide, history) and draws on demand: a
// frame is rendered only when input, data or an animation asks for one.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "app/board_client.hpp"
#include "app/collection_client.hpp"
#include "app/dashboard_app.hpp"
#include "app/live_client.hpp"
#include "app/messages_client.hpp"
#include "app/semantics_overlay.hpp"
#include "platform/gl_frame.hpp"
#include "platform/web/web_images.hpp"
#include "platform/web/web_transport.hpp"

// web/dashboard_interop.js
extern "C" {
void dashboard_signal_ready();
void dashboard_signal_fatal(const char* message);
void dashboard_install_page_hooks();
char* dashboard_load_token();  // "token\nusername" or "", malloc'd
void dashboard_save_token(const char* token, const char* username);
void dashboard_overlay_update(const char* json);
void dashboard_navigate(const char* route);
void dashboard_frame_drawn(double view_version, double frame_ms, double redrawn_pixels);
void dashboard_log(const char* line);
double dashboard_query_number(const char* name);  // NaN when absent
int dashboard_prefers_dark();
int dashboard_prefers_reduced_motion();
void dashboard_copy_text(const char* text);
void dashboard_replace_route(const char* route);
void dashboard_history_back();
void dashboard_set_title(const char* title);
char* dashboard_current_route();  // malloc'd
void dashboard_install_input_bridge();
void dashboard_report_images(double bytes, double budget, int ready);
void dashboard_load_font(const char* file);  // answers through dashboard_font_loaded
void dashboard_play_chime();
void dashboard_show_notification(const char* text, const char* link);  // only while hidden
void dashboard_request_notification_permission();
}

namespace {

constexpr const char* kCanvas = "#canvas";
// Frames drawn after any input, so ImGui's hover and click states settle.
constexpr int kFramesPerWake = 4;
// How long frames wait for a round-trip probe's ack (send_probe_after_frame).
constexpr std::int64_t kProbeQuietMs = 20;
// While the tab is hidden no animation frame runs; this keeps the
// connection's timers (heartbeat, backoff, polling) going.
constexpr double kBackgroundTickMs = 1000;

struct WebClient {
  GLFWwindow* window = nullptr;
  dashboard::app::DashboardApp app{"/fonts"};
  dashboard::platform::WebTransport transport;
  std::unique_ptr<dashboard::app::LiveClient> live;
  std::unique_ptr<dashboard::app::CollectionClient> collection;
  std::unique_ptr<dashboard::app::BoardClient> board;
  std::unique_ptr<dashboard::app::AccountClient> account;
  std::unique_ptr<dashboard::app::MessagesClient> messages;
  std::unique_ptr<dashboard::app::StatusClient> status;
  std::string title;
  int wake_frames = kFramesPerWake;
  bool ready_signalled = false;
  dashboard::core::DisplayMetrics last_metrics{};
  std::string last_overlay;
  dashboard::core::UnixMillis last_drawn_minute = 0;
  // The indicator changes with time alone (a probe left unanswered turns it
  // amber): a change of status needs a frame though nothing arrived.
  dashboard::core::ConnectionStatus last_link_status = dashboard::core::ConnectionStatus::Offline;
};

WebClient* g_client = nullptr;

dashboard::core::UnixMillis now_ms() {
  return dashboard::app::system_wall_clock().now;
}

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

bool same_metrics(const dashboard::core::DisplayMetrics& a,
                  const dashboard::core::DisplayMetrics& b) {
  return a.css_width == b.css_width && a.css_height == b.css_height &&
         a.device_pixel_ratio == b.device_pixel_ratio;
}

// Hands the app's history moves to the browser, and its title.
void follow_routes(WebClient& client) {
  if (auto route = client.app.take_navigation()) dashboard_navigate(route->c_str());
  if (auto route = client.app.take_replacement()) dashboard_replace_route(route->c_str());
  if (client.app.take_back()) dashboard_history_back();
  if (client.app.document_title() != client.title) {
    client.title = client.app.document_title();
    dashboard_set_title(client.title.c_str());
  }
}

// What the person's notification preferences ask for besides a toast.
void ring_alerts(WebClient& client) {
  for (const dashboard::core::client::Alert& alert : client.messages->take_alerts()) {
    if (alert.sound) dashboard_play_chime();
    if (alert.browser) dashboard_show_notification(alert.text.c_str(), alert.link.c_str());
  }
  if (client.messages->take_permission_request()) dashboard_request_notification_permission();
}

// The round-trip probe goes out from a task of its own queued by the
// frame, so after the frame's paint and compositing: its pong then arrives
// while the page is idle, not behind the next frame's work.
void send_probe_after_frame(void* arg) {
  static_cast<WebClient*>(arg)->live->send_due_probe(now_ms());
}

void frame(void* arg) {
  WebClient& client = *static_cast<WebClient*>(arg);
  emscripten_set_timeout(send_probe_after_frame, 0, &client);
  client.live->update(now_ms());
  client.collection->update(now_ms());
  client.board->update(now_ms());
  client.messages->update(now_ms());
  ring_alerts(client);
  client.app.set_dark(dashboard_prefers_dark() != 0);
  client.app.set_reduced_motion(dashboard_prefers_reduced_motion() != 0);
  const dashboard::core::DisplayMetrics metrics = read_metrics();
  if (!same_metrics(metrics, client.last_metrics)) client.wake_frames = kFramesPerWake;
  // Relative dates ("5 min ago") move on with the clock: one frame a minute.
  const dashboard::core::UnixMillis minute = now_ms() / 60000;
  if (minute != client.last_drawn_minute) client.wake_frames = std::max(client.wake_frames, 1);
  const dashboard::core::ConnectionStatus link_status = client.live->link(now_ms()).status;
  if (link_status != client.last_link_status) {
    client.last_link_status = link_status;
    client.wake_frames = std::max(client.wake_frames, 1);
  }
  // A frame keeps the page's thread from socket messages for its length
  // (without a GPU, ~10 ms with the compositor's read-back): none while a
  // probe is out, so its ack is timed when it arrives. Pending wakes stay.
  if (client.live->probe_in_flight(now_ms(), kProbeQuietMs)) return;
  if (client.wake_frames <= 0 && !client.app.animating()) return;  // nothing would change
  client.wake_frames = std::max(client.wake_frames - 1, 0);
  client.last_metrics = metrics;
  client.last_drawn_minute = minute;

  const double started = emscripten_get_now();
  fit_backbuffer(metrics);
  dashboard::platform::render_frame(client.app, metrics, 1.0f);
  const dashboard::core::DashboardView* shown = client.app.view();
  dashboard_frame_drawn(shown != nullptr ? static_cast<double>(shown->version) : -1,
                        emscripten_get_now() - started,
                        static_cast<double>(dashboard::platform::last_redrawn_pixels()));

  std::string overlay =
      dashboard::app::encode_semantics(client.app.last_frame(), metrics.device_pixel_ratio);
  if (overlay != client.last_overlay) {
    dashboard_overlay_update(overlay.c_str());
    client.last_overlay = std::move(overlay);
  }
  follow_routes(client);
  const dashboard::core::ImageCache& images = dashboard::platform::web_image_loader().cache();
  dashboard_report_images(static_cast<double>(images.bytes_used()),
                          static_cast<double>(dashboard::core::ImageCacheConfig{}.byte_budget),
                          static_cast<int>(images.count(dashboard::core::ImageState::Ready)));
  if (!client.ready_signalled) {
    client.ready_signalled = true;
    dashboard_signal_ready();
  }
}

void background_tick(void* arg) {
  auto& client = *static_cast<WebClient*>(arg);
  client.live->update(now_ms());
  client.live->send_due_probe(now_ms());
  client.collection->update(now_ms());
  client.board->update(now_ms());
  client.messages->update(now_ms());
  ring_alerts(client);
}

// The page's query can tune the connection policy (?reconnectDelayMs=,
// reconnectMaxMs=, degradedAfter=, pollIntervalMs=, and the heartbeat probe's
// probeIntervalMs=, probeCheckingMs=, probeTimeoutMs=), within the machine's
// clamps: operators use it to soften a thundering herd, tests to make
// degraded mode reachable in seconds.
dashboard::app::LiveConfig live_config_from_query() {
  dashboard::app::LiveConfig config;
  config.probe_in_update = false;  // send_probe_after_frame and background_tick send it
  const auto read = [](const char* name, auto& field) {
    const double value = dashboard_query_number(name);
    if (value == value && value > 0)
      field = static_cast<std::remove_reference_t<decltype(field)>>(value);
  };
  read("reconnectDelayMs", config.connection.backoff.min_ms);
  read("reconnectMaxMs", config.connection.backoff.max_ms);
  read("degradedAfter", config.connection.degraded_after_failures);
  read("pollIntervalMs", config.connection.poll_interval_ms);
  read("probeIntervalMs", config.rtt_probe_interval_ms);
  read("probeCheckingMs", config.probe_checking_after_ms);
  read("probeTimeoutMs", config.probe_timeout_ms);
  config.connection = dashboard::core::client::clamp_config(config.connection);
  return config;
}

void start_live(WebClient& client) {
  const dashboard::app::LiveConfig config = live_config_from_query();
  client.live = std::make_unique<dashboard::app::LiveClient>(client.transport, config,
                                                             [] { return emscripten_random(); });
  client.live->on_token = [](const std::string& token, const std::string& username) {
    dashboard_save_token(token.c_str(), username.c_str());
  };
  client.live->log = [](std::string_view line) { dashboard_log(std::string(line).c_str()); };
  client.live->clock = now_ms;
  // New data needs one frame (the flash animates on its own from there).
  client.transport.on_activity = [&client] {
    client.wake_frames = std::max(client.wake_frames, 1);
  };
  client.collection =
      std::make_unique<dashboard::app::CollectionClient>(client.transport, *client.live);
  client.app.attach(client.live.get(), client.collection.get());
  dashboard::app::BoardClientConfig board_config;
  if (const double poll = dashboard_query_number("boardPollMs"); poll == poll && poll >= 100) {
    board_config.poll_interval_ms = static_cast<std::int64_t>(poll);
  }
  client.board =
      std::make_unique<dashboard::app::BoardClient>(client.transport, *client.live, board_config);
  client.app.set_board(client.board.get());
  client.account = std::make_unique<dashboard::app::AccountClient>(client.transport, *client.live);
  client.app.set_account(client.account.get());
  client.messages =
      std::make_unique<dashboard::app::MessagesClient>(client.transport, *client.live);
  client.app.set_messages(client.messages.get());
  client.status = std::make_unique<dashboard::app::StatusClient>(client.transport, *client.live);
  client.app.set_status(client.status.get());

  std::unique_ptr<char, decltype(&std::free)> saved(dashboard_load_token(), &std::free);
  const std::string stored = saved ? saved.get() : "";
  const auto newline = stored.find('\n');
  if (newline == std::string::npos) {
    client.live->start("", "", now_ms());
  } else {
    client.live->start(stored.substr(0, newline), stored.substr(newline + 1), now_ms());
  }
}

}  // namespace

// Called by web/dashboard_interop.js.
extern "C" {
EMSCRIPTEN_KEEPALIVE void dashboard_wake() {
  if (g_client != nullptr) g_client->wake_frames = kFramesPerWake;
}

// Scrolls the content under the pointer `css_dy` CSS pixels down (a wheel
// turned down, a finger dragged up). ImGui scrolls 5 font heights per
// wheel notch (imgui.cpp, 1.86), so the distance becomes notches.
EMSCRIPTEN_KEEPALIVE void dashboard_scroll_by(double css_dy) {
  if (g_client == nullptr) return;
  ImGuiIO& io = ImGui::GetIO();
  // The body face, which the content window scrolls by, is loaded first.
  const float font = io.Fonts->Fonts.empty() ? 16.0f : io.Fonts->Fonts[0]->FontSize;
  const double device_dy = css_dy * emscripten_get_device_pixel_ratio();
  io.MouseWheel -= static_cast<float>(device_dy / (5.0 * font));
  g_client->wake_frames = kFramesPerWake;
}

// The history moved (Back, Forward): the page follows the address.
EMSCRIPTEN_KEEPALIVE void dashboard_route_changed(const char* path) {
  if (g_client == nullptr) return;
  g_client->app.set_route(path);
  g_client->wake_frames = kFramesPerWake;
}

// The overlay's text inputs (web/semantics_overlay.js), through the bridge
// in web/dashboard_interop.js. Offsets are UTF-8 bytes into `value`.
EMSCRIPTEN_KEEPALIVE void dashboard_field_input(const char* id, const char* value, int start,
                                                int end, int composition_start,
                                                int composition_end) {
  if (g_client == nullptr) return;
  g_client->app.on_field_input(id, value, start, end, composition_start, composition_end);
  g_client->wake_frames = kFramesPerWake;
}

EMSCRIPTEN_KEEPALIVE void dashboard_field_focus(const char* id, int focused) {
  if (g_client != nullptr) g_client->app.on_field_focus(id, focused != 0);
}

EMSCRIPTEN_KEEPALIVE void dashboard_field_escape(const char* id) {
  if (g_client != nullptr) g_client->app.on_field_escape(id);
}

// A fallback face fetched by web/dashboard_interop.js (`size` 0: it failed).
EMSCRIPTEN_KEEPALIVE void dashboard_font_loaded(const char* file, const unsigned char* data,
                                                int size) {
  if (g_client == nullptr) return;
  std::vector<unsigned char> bytes;
  if (data != nullptr && size > 0) bytes.assign(data, data + size);
  g_client->app.add_fallback_font(file, std::move(bytes));
  g_client->wake_frames = kFramesPerWake;
}

EMSCRIPTEN_KEEPALIVE void dashboard_form_submit(const char* form) {
  if (g_client != nullptr) g_client->app.on_form_submit(form);
}

// pagehide without bfcache: leave with a close frame rather than a drop.
EMSCRIPTEN_KEEPALIVE void dashboard_page_leaving() {
  if (g_client != nullptr && g_client->live) g_client->live->stop(now_ms());
}
}

int main() {
  if (!glfwInit()) {
    dashboard_signal_fatal("This browser could not start the dashboard's graphics.");
    return 1;
  }
  static WebClient client;
  g_client = &client;
  const dashboard::core::DisplayMetrics metrics = read_metrics();
  const dashboard::core::BackbufferSize fb = dashboard::core::backbuffer_size(metrics);
  // No depth or stencil buffer (ImGui uses neither) and an opaque canvas (the
  // clear colour is the page colour): Emscripten's GLFW asks for all three by
  // default, which at 1440x900@2x is ~10 MB of GPU memory for nothing. Frame
  // time under SwiftShader did not move (tests/bench/render_latency).
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  client.window = glfwCreateWindow(fb.width, fb.height, "MOC Dashboard", nullptr, nullptr);
  if (client.window == nullptr) {
    dashboard_signal_fatal("WebGL 2 is not available in this browser.");
    return 1;
  }
  glfwMakeContextCurrent(client.window);
  // web/boot.js asks for a canvas that keeps its pixels between frames;
  // frames are cached in it only if the browser agreed.
  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_get_context_attributes(emscripten_webgl_get_current_context(), &attributes);
  dashboard::platform::init_imgui(client.window, "#version 300 es",
                                  attributes.preserveDrawingBuffer != 0);
  // ?frameMode=1 draws whole frames and 2 only clears: the frame-cost
  // benchmark's peers of the cached frame, in the same build and page.
  if (const double mode = dashboard_query_number("frameMode"); mode == 1 || mode == 2) {
    dashboard::platform::set_frame_mode(mode == 1 ? dashboard::platform::FrameMode::Full
                                                  : dashboard::platform::FrameMode::ClearOnly);
  }
  // Build the atlas before the renderer creates its device objects, so the
  // first upload is already the right one.
  client.app.prepare_frame(metrics);
  if (!client.app.fonts_ok()) {
    dashboard_signal_fatal("The dashboard's fonts could not be loaded.");
    return 1;
  }
  // Copies go to the system clipboard (Emscripten's GLFW keeps its own).
  ImGui::GetIO().SetClipboardTextFn = [](void*, const char* text) { dashboard_copy_text(text); };
  client.app.set_images(&dashboard::platform::web_image_loader());
  client.app.set_dom_text_input(true);
  client.app.set_font_loader([](const std::string& file) { dashboard_load_font(file.c_str()); });
  {
    std::unique_ptr<char, decltype(&std::free)> route(dashboard_current_route(), &std::free);
    client.app.set_route(route ? route.get() : "/dashboard");
  }
  dashboard_install_input_bridge();
  start_live(client);
  dashboard_install_page_hooks();
  emscripten_set_interval(background_tick, kBackgroundTickMs, &client);
  emscripten_set_main_loop_arg(frame, &client, 0, true);
  return 0;
}
