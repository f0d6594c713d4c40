#include "fixtures.hpp"

#include <cstdarg>
#include <cstdio>

namespace json_choice {
namespace {

constexpr const char* kThemes[] = {"Space",  "Castle",  "City",  "Technic", "Pirates",
                                   "Trains", "Ninjago", "Ideas", "Creator", "Harbor"};
// Titles include escapes and non-ASCII UTF-8 so that every parser does real
// string work, not just memcpy.
constexpr const char* kTitles[] = {"Galaxy Explorer Refit",    "Royal Keep \\\"Blackfalcon\\\"",
                                   "Caf\xc3\xa9 Corner Annex", "Turbo Crane 8x8",
                                   "Black Seas Barracuda II",  "Crocodile Locomotive",
                                   "Temple of Airjitzu",       "Tree House \\u00e9t\\u00e9",
                                   "Modular Bakery",           "Lighthouse Point"};
constexpr const char* kStatuses[] = {"ADDED", "IN_PROGRESS", "BUILT"};

__attribute__((format(printf, 2, 3))) void Append(std::string& out, const char* format, ...) {
  char buf[256];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  out.append(buf, static_cast<std::size_t>(n));
}

// 2026-MM-DDTHH:MM:SS[.mmm]Z spread over the year, always a valid date.
void AppendTimestamp(std::string& out, std::size_t i, bool millis) {
  Append(out, "\"2026-%02zu-%02zuT%02zu:%02zu:%02zu", 1 + i % 12, 1 + i % 28, i % 24, i * 7 % 60,
         i * 13 % 60);
  if (millis) Append(out, ".%03zu", i * 37 % 1000);
  out += "Z\"";
}

void AppendSummary(std::string& out) {
  out +=
      "{\"totalMocs\":61,\"totalWishlistItems\":12,"
      "\"mocsByBuildStatus\":{\"ADDED\":20,\"IN_PROGRESS\":21,\"BUILT\":20},"
      "\"mocsByCoverageStatus\":{\"FULL_INVENTORY\":30,\"PARTIAL_ORDERED\":16,\"NONE\":15}}";
}

// Shared head of a RecentMoc / PartialPartsMoc object.
void AppendMocHead(std::string& out, std::size_t i) {
  Append(out, "{\"id\":\"moc-%04zu\",\"title\":\"%s\",\"theme\":\"%s\",\"buildStatus\":\"%s\"", i,
         kTitles[i % 10], kThemes[i * 3 % 10], kStatuses[i % 3]);
}

}  // namespace

std::string MakeView(std::size_t partial_parts) {
  std::string out = "{\"version\":42,\"summary\":";
  AppendSummary(out);
  out += ",\"themeBreakdown\":[";
  for (std::size_t i = 0; i < 10; ++i) {
    Append(out, "%s{\"theme\":\"%s\",\"mocCount\":%zu,\"setCount\":%zu}", i ? "," : "", kThemes[i],
           9 - i % 5, i % 4 + 1);
  }
  out += "],\"recentMocs\":[";
  for (std::size_t i = 0; i < 10; ++i) {
    if (i) out += ',';
    AppendMocHead(out, 61 - i);
    if (i % 2) {
      out += ",\"coverImageUrl\":null";
    } else {
      Append(out, ",\"coverImageUrl\":\"https://img.example.com/mocs/moc-%04zu/cover.jpg\"",
             61 - i);
    }
    out += ",\"createdAt\":";
    AppendTimestamp(out, i, false);
    out += '}';
  }
  out += "],\"partialPartsMocs\":[";
  for (std::size_t i = 0; i < partial_parts; ++i) {
    if (i) out += ',';
    AppendMocHead(out, i + 1);
    // Mix integers and decimals, both ends of the range included.
    Append(out, ",\"coveragePercentage\":%g,\"lastUpdatedAt\":", (i * 379 % 1001) / 10.0);
    AppendTimestamp(out, i, true);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string MakeEvent() {
  std::string out =
      "{\"eventId\":\"3f2b8c1e-9d4a-4f6b-a1c2-7e5d9b0a4c31\",\"type\":\"dashboard:summaryUpdated\","
      "\"timestamp\":\"2026-11-23T10:00:00Z\",\"seq\":43,\"payload\":";
  AppendSummary(out);
  out += '}';
  return out;
}

namespace {

// Index just past the JSON value starting at `pos` (string-aware).
std::size_t ValueEnd(std::string_view json, std::size_t pos) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = pos; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return i + 1;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // end of a scalar that closes its parent
      if (--depth == 0) return i + 1;
    } else if (c == ',' && depth == 0) {
      return i;
    }
  }
  return json.size();
}

// Position of the n-th `"key":` (the fixtures are compact: no spaces).
std::size_t FindMember(std::string_view json, std::string_view key, int n) {
  const std::string needle = "\"" + std::string(key) + "\":";
  std::size_t pos = 0;
  for (int seen = 0;; ++seen, pos += needle.size()) {
    pos = json.find(needle, pos);
    if (pos == std::string_view::npos || seen == n) return pos;
  }
}

}  // namespace

std::string ReplaceNthValue(std::string_view json, std::string_view key, int n,
                            std::string_view replacement) {
  const std::size_t member = FindMember(json, key, n);
  if (member == std::string_view::npos) return "";
  const std::size_t value = member + key.size() + 3;
  std::string out(json.substr(0, value));
  out += replacement;
  out += json.substr(ValueEnd(json, value));
  return out;
}

std::string RemoveNthMember(std::string_view json, std::string_view key, int n) {
  std::size_t begin = FindMember(json, key, n);
  if (begin == std::string_view::npos) return "";
  std::size_t end = ValueEnd(json, begin + key.size() + 3);
  if (end < json.size() && json[end] == ',') {
    ++end;
  } else if (begin > 0 && json[begin - 1] == ',') {
    --begin;
  }
  return std::string(json.substr(0, begin)) + std::string(json.substr(end));
}

}  // namespace json_choice
