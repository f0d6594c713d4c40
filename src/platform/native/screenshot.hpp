// screenshot: saves the current GL backbuffer as a PNG (stb_image_write
// from Debian's libstb), so the native client can be checked headless.
#pragma once

#include <string>

namespace dashboard::platform {

// Reads `width` x `height` pixels of the back buffer and writes them to
// `path`. Returns false (and leaves no file) when writing fails.
bool save_backbuffer_png(const std::string& path, int width, int height);

}  // namespace dashboard::platform
