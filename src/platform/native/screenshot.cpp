#include "platform/native/screenshot.hpp"

#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include <cstddef>
#include <vector>

namespace dashboard::platform {

bool save_backbuffer_png(const std::string& path, int width, int height) {
  const std::size_t stride = static_cast<std::size_t>(width) * 4;
  std::vector<unsigned char> pixels(stride * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL's origin is bottom-left; PNG rows go top-down.
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), static_cast<int>(stride)) !=
         0;
}

}  // namespace dashboard::platform
