#include "core/client/moc_patch.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dashboard::core::client {

bool MocPatch::empty() const {
  return !title && !theme && !build_status && !parts_coverage_status && !coverage_percentage &&
         !cover_image_url;
}

void apply_patch(Moc& moc, const MocPatch& patch) {
  if (patch.title) moc.title = *patch.title;
  if (patch.theme) moc.theme = *patch.theme;
  if (patch.build_status) moc.build_status = *patch.build_status;
  if (patch.parts_coverage_status) moc.parts_coverage_status = *patch.parts_coverage_status;
  if (patch.coverage_percentage) moc.coverage_percentage = *patch.coverage_percentage;
  if (patch.cover_image_url) moc.cover_image_url = *patch.cover_image_url;
}

bool includes(const Moc& moc, const MocPatch& patch) {
  Moc patched = moc;
  apply_patch(patched, patch);
  return patched == moc;
}

std::string encode_patch(const MocPatch& patch) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  const auto string = [&w](const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  if (patch.title) string("title", *patch.title);
  if (patch.theme) string("theme", *patch.theme);
  if (patch.build_status) string("buildStatus", to_string(*patch.build_status));
  if (patch.parts_coverage_status) {
    string("partsCoverageStatus", to_string(*patch.parts_coverage_status));
  }
  if (patch.coverage_percentage) {
    w.Key("coveragePercentage");
    w.Double(*patch.coverage_percentage);
  }
  if (patch.cover_image_url) {
    if (*patch.cover_image_url) {
      string("coverImageUrl", **patch.cover_image_url);
    } else {
      w.Key("coverImageUrl");
      w.Null();
    }
  }
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::vector<std::string> patch_fields(const MocPatch& patch) {
  std::vector<std::string> out;
  if (patch.title) out.emplace_back("title");
  if (patch.theme) out.emplace_back("theme");
  if (patch.build_status) out.emplace_back("buildStatus");
  if (patch.parts_coverage_status) out.emplace_back("partsCoverageStatus");
  if (patch.coverage_percentage) out.emplace_back("coveragePercentage");
  if (patch.cover_image_url) out.emplace_back("coverImageUrl");
  return out;
}

}  // namespace dashboard::core::client
