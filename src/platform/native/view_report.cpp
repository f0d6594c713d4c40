#include "platform/native/view_report.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <fstream>
#include <utility>

#include "core/connection_status.hpp"
#include "core/json_codec.hpp"

namespace dashboard::platform {

std::string encode_view_report(const core::DashboardView* view, const app::LinkState& link) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  const std::string_view status = core::label_of(link.status);
  writer.StartObject();
  writer.Key("status");
  writer.String(status.data(), static_cast<rapidjson::SizeType>(status.size()));
  writer.Key("degraded");
  writer.Bool(link.degraded);
  writer.Key("error");
  writer.String(link.error.data(), static_cast<rapidjson::SizeType>(link.error.size()));
  writer.Key("view");
  if (view != nullptr) {
    const std::string json = core::encode_dashboard_view(*view);
    writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  } else {
    writer.Null();
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool write_file_atomically(const std::string& path, std::string_view text, std::string& error) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      error = "cannot write " + temporary;
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = "cannot rename " + temporary + " to " + path;
    return false;
  }
  return true;
}

void ViewReport::update(const core::DashboardView* view, const app::LinkState& link) {
  Key key;
  key.has_view = view != nullptr;
  key.version = view != nullptr ? view->version : 0;
  key.status = link.status;
  key.degraded = link.degraded;
  if (written_ && key == last_) return;
  last_ = key;
  write(view, link);
}

void ViewReport::write(const core::DashboardView* view, const app::LinkState& link) {
  written_ = true;
  std::string error;
  if (write_file_atomically(path_, encode_view_report(view, link), error)) {
    last_error_.clear();
  } else if (error != last_error_) {
    std::fprintf(stderr, "dashboard-native: report: %s\n", error.c_str());
    last_error_ = std::move(error);
  }
}

}  // namespace dashboard::platform
