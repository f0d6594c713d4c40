#include "platform/native/native_images.hpp"

#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dashboard::platform {
namespace {

// The path to ask the transport for: a path on the dashboard's origin, or
// an absolute URL on that same origin. nullopt for anything else.
std::optional<std::string> path_on_origin(std::string_view url, const Origin& origin) {
  if (url.starts_with("/") && !url.starts_with("//")) return std::string(url);
  const std::string prefix = "http://" + origin.host + ":" + std::to_string(origin.port) + "/";
  if (url.starts_with(prefix)) return std::string(url.substr(prefix.size() - 1));
  return std::nullopt;
}

struct Decoded {
  std::vector<unsigned char> rgba;
  int width = 0;
  int height = 0;
};

// Decodes to RGBA and scales so the shorter side is at most `max_texels`.
std::optional<Decoded> decode(const std::string& bytes, int max_texels) {
  int w = 0;
  int h = 0;
  int channels = 0;
  stbi_uc* pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                                          static_cast<int>(bytes.size()), &w, &h, &channels, 4);
  if (pixels == nullptr || w <= 0 || h <= 0) {
    stbi_image_free(pixels);
    return std::nullopt;
  }
  Decoded out;
  const double scale = std::min(1.0, max_texels / static_cast<double>(std::min(w, h)));
  out.width = std::max(1, static_cast<int>(std::lround(w * scale)));
  out.height = std::max(1, static_cast<int>(std::lround(h * scale)));
  out.rgba.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 4);
  bool ok = true;
  if (scale < 1) {
    ok = stbir_resize_uint8(pixels, w, h, 0, out.rgba.data(), out.width, out.height, 0, 4) != 0;
  } else {
    std::copy(pixels, pixels + out.rgba.size(), out.rgba.begin());
  }
  stbi_image_free(pixels);
  if (!ok) return std::nullopt;
  return out;
}

GLuint upload(const Decoded& image) {
  while (glGetError() != GL_NO_ERROR) {
  }
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               image.rgba.data());
  glGenerateMipmap(GL_TEXTURE_2D);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
  if (glGetError() != GL_NO_ERROR) {
    glDeleteTextures(1, &texture);
    return 0;
  }
  return texture;
}

}  // namespace

std::shared_ptr<ImageLoader> make_native_image_loader(NativeTransport& transport) {
  // The transport's completions may outlive the loader: they hold it weakly.
  auto self = std::make_shared<std::weak_ptr<ImageLoader>>();
  auto loader = std::make_shared<ImageLoader>(
      [&transport, self](const std::string& key, const std::string& url, int max_texels) {
        const std::optional<std::string> path = path_on_origin(url, transport.origin());
        if (!path) {
          if (auto live = self->lock()) live->failed(key);
          return;
        }
        transport.http(app::get_request(*path, ""),
                       [self, key, max_texels](const app::HttpResponse& response) {
                         const std::shared_ptr<ImageLoader> live = self->lock();
                         if (!live) return;
                         std::optional<Decoded> image;
                         if (response.status == 200) image = decode(response.body, max_texels);
                         const GLuint texture = image ? upload(*image) : 0;
                         if (texture == 0) {
                           live->failed(key);
                           return;
                         }
                         live->loaded(key, texture, image->width, image->height, true);
                       });
      });
  *self = loader;
  return loader;
}

}  // namespace dashboard::platform
