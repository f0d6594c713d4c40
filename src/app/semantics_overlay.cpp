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

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view semantic_role(std::string_view id) {
  static constexpr std::array<std::string_view, 17> kButtonEnds{
      "-action",  "-retry",   "-button",   "-option",     "-back",   "-apply",
      "-dismiss", "-confirm", "-cancel",   "-remove",     "-submit", "-home",
      "-add",     "-delete",  "-selected", "-suggestion", "-status"};
  static constexpr std::array<std::string_view, 7> kButtonStarts{
      "filter-", "sort", "moc-row", "gallery-tile", "theme-suggestion", "moc-delete", "nav-"};
  if (id == "quick-action" || id == "sign-in-submit" || id == "sign-out" || id == "recent-moc" ||
      id == "partial-parts-header" || id == "recent-moc-status") {
    return id == "recent-moc-status" ? "text" : "button";
  }
  if (id == "connection-status" || id == "toast" || id == "nav-current") return "status";
  if (id == "degraded-mode-banner" || id == "snapshot-error" || id == "sign-in-error" ||
      id == "moc-conflict" || id == "moc-deleted" || id == "moc-not-found" ||
      ends_with(id, "-error")) {
    return "alert";
  }
  if (id == "moc-row-status") return "text";
  for (std::string_view end : kButtonEnds) {
    if (ends_with(id, end)) return "button";
  }
  for (std::string_view start : kButtonStarts) {
    if (starts_with(id, start) && id != "nav-drawer") return "button";
  }
  if (id == "sign-in-username" || id == "sign-in-password") return "textbox";
  if (id == "sign-in-form") return "form";
  return "text";
}

std::string_view card_name(std::string_view test_id) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kNames{{
      {"collection-summary-card", "Collection Summary"},
      {"theme-breakdown-card", "Theme Breakdown"},
      {"recent-mocs-card", "Recent MOCs"},
      {"quick-actions-card", "Quick Actions"},
      {"partial-parts-table", "Partial Parts"},
      {"mocs-page", "MOCs"},
      {"moc-page", "MOC"},
      {"add-moc-page", "Add a MOC"},
      {"wishlist-page", "Wishlist"},
      {"gallery-page", "Gallery"},
      {"not-found-page", "Page not found"},
      {"status-page", "System status"},
      {"system-card", "System"},
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
  w.Key("forms");
  w.StartArray();
  for (const ui::FormReport& form : frame.forms) {
    w.StartObject();
    string_field(w, "id", form.id);
    string_field(w, "submit", form.submit_id);
    string_field(w, "submitText", form.submit_label);
    w.Key("busy");
    w.Bool(form.busy);
    rect(w, form.min, form.max, dpr);
    w.Key("button");
    w.StartObject();
    rect(w, form.submit_min, form.submit_max, dpr);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("fields");
  w.StartArray();
  for (const ui::FieldReport& field : frame.fields) {
    w.StartObject();
    string_field(w, "id", field.id);
    string_field(w, "form", field.form);
    string_field(w, "type", field.type);
    string_field(w, "inputmode", field.inputmode);
    string_field(w, "name", field.name);
    string_field(w, "autocomplete", field.autocomplete);
    string_field(w, "label", field.label);
    string_field(w, "placeholder", field.placeholder);
    string_field(w, "value", field.value);
    string_field(w, "error", field.error);
    w.Key("focus");
    w.Bool(field.focus);
    w.Key("multiline");
    w.Bool(field.multiline);
    rect(w, field.min, field.max, dpr);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace dashboard::app
