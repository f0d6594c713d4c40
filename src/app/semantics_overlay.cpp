#include "app/semantics_overlay.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <cmath>
#include <utility>

namespace dashboard::app {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Rounded to a tenth of a CSS pixel: enough for positioning, and stable
// across frames so the JSON only changes when something moved.
void rect(Writer& w, ImVec2 min, ImVec2 max, float dpr) {
  const auto css = [dpr](float device) { return std::round(device / dpr * 10) / 10; };
  w.Key("x");
  w.Double(css(min.x));
  w.Key("y");
  w.Double(css(min.y));
  w.Key("w");
  w.Double(css(max.x - min.x));
  w.Key("h");
  w.Double(css(max.y - min.y));
}

void string_field(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void item(Writer& w, const ui::Semantic& semantic, float dpr) {
  w.StartObject();
  string_field(w, "id", semantic.id);
  string_field(w, "role", semantic_role(semantic.id));
  string_field(w, "text", semantic.text);
  rect(w, semantic.min, semantic.max, dpr);
  w.EndObject();
}

}  // namespace

std::string_view semantic_role(std::string_view id) {
  if (id == "quick-action" || ends_with(id, "-action") || ends_with(id, "-retry") ||
      id == "sign-in-submit" || id == "sign-out" || id == "recent-moc" ||
      id == "partial-parts-header") {
    return "button";
  }
  if (id == "connection-status" || id == "toast") return "status";
  if (id == "degraded-mode-banner" || id == "snapshot-error" || id == "sign-in-error") {
    return "alert";
  }
  if (id == "sign-in-username" || id == "sign-in-password") return "textbox";
  if (id == "sign-in-form") return "form";
  return "text";
}

std::string_view card_name(std::string_view test_id) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kNames{{
      {"collection-summary-card", "Collection Summary"},
      {"theme-breakdown-card", "Theme Breakdown"},
      {"recent-mocs-card", "Recent MOCs"},
      {"quick-actions-card", "Quick Actions"},
      {"partial-parts-table", "Partial Parts"},
  }};
  for (const auto& [id, name] : kNames) {
    if (id == test_id) return name;
  }
  return test_id;
}

std::string encode_semantics(const ui::ShellOutput& frame, float dpr) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("cards");
  w.StartArray();
  for (const ui::CardReport& card : frame.cards) {
    w.StartObject();
    string_field(w, "id", card.test_id);
    string_field(w, "name", card_name(card.test_id));
    rect(w, card.min, card.max, dpr);
    w.Key("items");
    w.StartArray();
    for (const ui::Semantic& semantic : card.items) {
      if (semantic.id != "tooltip") item(w, semantic, dpr);  // hover-only text
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("chrome");
  w.StartArray();
  for (const ui::Semantic& semantic : frame.chrome) item(w, semantic, dpr);
  w.EndArray();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace dashboard::app
