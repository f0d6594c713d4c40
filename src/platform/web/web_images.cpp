#include "platform/web/web_images.hpp"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include <map>
#include <string>
#include <utility>

// web/image_loader.js: answers through dashboard_image_done(id, ...).
extern "C" void dashboard_image_load(int id, const char* url, int max_texels);

namespace dashboard::platform {
namespace {

// Loads in flight, by the id the JS side reports back with.
std::map<int, std::string>& pending() {
  static std::map<int, std::string> loads;
  return loads;
}

}  // namespace

ImageLoader& web_image_loader() {
  static ImageLoader loader([](const std::string& key, const std::string& url, int max_texels) {
    static int next_id = 0;
    const int id = ++next_id;
    pending().emplace(id, key);
    dashboard_image_load(id, url.c_str(), max_texels);
  });
  return loader;
}

}  // namespace dashboard::platform

// Called by web/image_loader.js: `texture` is a GL texture name (mipmapped),
// or 0 when the load failed.
extern "C" EMSCRIPTEN_KEEPALIVE void dashboard_image_done(int id, int texture, int width,
                                                          int height) {
  auto& loads = dashboard::platform::pending();
  const auto it = loads.find(id);
  if (it == loads.end()) {
    const auto name = static_cast<GLuint>(texture);
    if (name != 0) glDeleteTextures(1, &name);
    return;
  }
  const std::string key = std::move(it->second);
  loads.erase(it);
  dashboard::platform::ImageLoader& loader = dashboard::platform::web_image_loader();
  if (texture > 0 && width > 0 && height > 0) {
    loader.loaded(key, static_cast<unsigned>(texture), width, height, true);
  } else {
    loader.failed(key);
  }
}
