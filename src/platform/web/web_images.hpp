// web_images: cover images in the browser. The page's one ImageLoader,
// whose loads go to web/image_loader.js: fetch, createImageBitmap (decoded
// and scaled down by the browser), a WebGL texture in Emscripten's GL
// object table; the result comes back through dashboard_image_done and
// wakes the render-on-demand loop.
//
//   app.set_images(&dashboard::platform::web_image_loader());
#pragma once

#include "platform/image_loader.hpp"

namespace dashboard::platform {

ImageLoader& web_image_loader();

}  // namespace dashboard::platform
