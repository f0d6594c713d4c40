// native_images: cover images in the native client. Fetches through the
// NativeTransport (so covers come from the dashboard's own server; other
// origins count as failed), decodes with stb_image, scales large images
// down to thumbnail size and uploads a mipmapped GL texture. All on the UI
// thread, from the transport's drain(), where the GL context is current.
//
//   auto images = make_native_image_loader(live->transport);
//   app.set_images(images.get());
//   ...
//   app.set_images(nullptr);
//   images.reset();  // before the transport and the GL context go
#pragma once

#include <memory>

#include "platform/image_loader.hpp"
#include "platform/native/native_transport.hpp"

namespace dashboard::platform {

// A loader whose fetches go through `transport`, which must outlive it.
std::shared_ptr<ImageLoader> make_native_image_loader(NativeTransport& transport);

}  // namespace dashboard::platform
