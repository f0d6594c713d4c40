#include "core/client/board_codec.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json_codec.hpp"
#include "core/json_fields.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::core::client {
namespace {

bool read_role(const rapidjson::Value& v, std::string_view key, const JsonPath& path,
               BoardRole& out, Error& error) {
  std::string text;
  if (!read_string(v, key, path, text, error)) return false;
  const std::optional<BoardRole> role = board_role_from(text);
  if (!role) return fail(error, path.field(key), "must be viewer, editor or owner");
  out = *role;
  return true;
}

bool read_int(const rapidjson::Value& v, std::string_view key, const JsonPath& path,
              std::int64_t& out, Error& error) {
  const rapidjson::Value* member = find_member(v, key);
  if (member == nullptr || !member->IsInt64()) {
    return fail(error, path.field(key), "must be an integer");
  }
  out = member->GetInt64();
  return true;
}

bool decode_share_value(const rapidjson::Value& v, const JsonPath& path, Share& out, Error& error) {
  return expect_object(v, path, error) && read_string(v, "id", path, out.id, error) &&
         read_string(v, "owner", path, out.owner, error) &&
         read_string(v, "grantee", path, out.grantee, error) &&
         read_role(v, "role", path, out.role, error) &&
         read_timestamp(v, "createdAt", path, out.created_at, error);
}

bool decode_share_list(const rapidjson::Value& v, std::string_view key, const JsonPath& path,
                       std::vector<Share>& out, Error& error) {
  const rapidjson::Value* list = find_member(v, key);
  const JsonPath at = path.field(key);
  if (list == nullptr) return fail(error, at, "is required");
  if (!expect_array(*list, at, error)) return false;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    Share share;
    if (!decode_share_value((*list)[i], at.at(i), share, error)) return false;
    out.push_back(std::move(share));
  }
  return true;
}

}  // namespace

Result<BoardBody> decode_board(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(json, doc, error)) return error;
  const JsonPath root;
  BoardBody body;
  if (!expect_object(doc, root, error) || !read_string(doc, "owner", root, body.owner, error) ||
      !read_role(doc, "role", root, body.role, error) ||
      !read_int(doc, "seq", root, body.seq, error)) {
    return error;
  }
  const rapidjson::Value* cards = find_member(doc, "cards");
  const JsonPath at = root.field("cards");
  if (cards == nullptr) return Error{at.str(), "is required"};
  if (!expect_array(*cards, at, error)) return error;
  body.cards.reserve(cards->Size());
  for (rapidjson::SizeType i = 0; i < cards->Size(); ++i) {
    Moc moc;
    if (!decode_moc((*cards)[i], at.at(i), moc, error)) return error;
    body.cards.push_back(std::move(moc));
  }
  return body;
}

Result<BoardEvent> decode_board_event(const rapidjson::Value& v, std::int64_t seq) {
  Error error;
  const JsonPath root;
  BoardEvent e;
  e.seq = seq;
  if (!expect_object(v, root, error) || !read_string(v, "topic", root, e.topic, error) ||
      !read_string(v, "event", root, e.kind, error) ||
      !read_string(v, "trace_id", root, e.trace_id, error)) {
    return error;
  }
  const rapidjson::Value* data = find_member(v, "data");
  const JsonPath at = root.field("data");
  if (data == nullptr) return Error{at.str(), "is required"};
  if (!expect_object(*data, at, error) ||
      !read_string(*data, "entity_id", at, e.entity_id, error) ||
      !read_int(*data, "user_id", at, e.user_id, error) ||
      !read_timestamp(*data, "timestamp", at, e.timestamp, error)) {
    return error;
  }
  if (const rapidjson::Value* name = find_member(*data, "user_name");
      name != nullptr && name->IsString()) {
    e.user_name.assign(name->GetString(), name->GetStringLength());
  }
  const rapidjson::Value* payload = find_member(*data, "payload");
  const JsonPath payload_at = at.field("payload");
  if (payload == nullptr) return Error{payload_at.str(), "is required"};
  if (e.kind == "ACCESS_REVOKED") {
    if (!expect_object(*payload, payload_at, error) ||
        !read_string(*payload, "username", payload_at, e.revoked_user, error)) {
      return error;
    }
    return e;
  }
  if (e.kind != "ADDED" && e.kind != "UPDATED" && e.kind != "STATUS_CHANGED" &&
      e.kind != "DELETED") {
    return Error{root.field("event").str(), "unknown topic event"};
  }
  Moc moc;
  if (!decode_moc(*payload, payload_at, moc, error)) return error;
  e.moc = std::move(moc);
  return e;
}

Result<BoardEventPage> decode_board_events(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(json, doc, error)) return error;
  const JsonPath root;
  BoardEventPage page;
  if (!expect_object(doc, root, error) || !read_int(doc, "lastSeq", root, page.last_seq, error)) {
    return error;
  }
  const rapidjson::Value* events = find_member(doc, "events");
  const JsonPath at = root.field("events");
  if (events == nullptr) return Error{at.str(), "is required"};
  if (!expect_array(*events, at, error)) return error;
  for (rapidjson::SizeType i = 0; i < events->Size(); ++i) {
    const rapidjson::Value& envelope = (*events)[i];
    std::int64_t seq = 0;
    if (!expect_object(envelope, at.at(i), error) ||
        !read_int(envelope, "seq", at.at(i), seq, error)) {
      return error;
    }
    const rapidjson::Value* payload = find_member(envelope, "payload");
    if (payload == nullptr) return Error{at.at(i).field("payload").str(), "is required"};
    Result<BoardEvent> event = decode_board_event(*payload, seq);
    if (!event) {
      return Error{at.at(i).field("payload").str() + "." + event.error().path,
                   event.error().message};
    }
    page.events.push_back(std::move(*event));
  }
  return page;
}

Result<SharesBody> decode_shares(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(json, doc, error)) return error;
  const JsonPath root;
  SharesBody body;
  if (!expect_object(doc, root, error) ||
      !decode_share_list(doc, "owned", root, body.owned, error) ||
      !decode_share_list(doc, "received", root, body.received, error)) {
    return error;
  }
  return body;
}

Result<Share> decode_share(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(json, doc, error)) return error;
  Share share;
  if (!decode_share_value(doc, JsonPath(), share, error)) return error;
  return share;
}

std::string encode_share_request(std::string_view username, BoardRole role) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("username");
  w.String(username.data(), static_cast<rapidjson::SizeType>(username.size()));
  w.Key("role");
  const std::string_view r = to_string(role);
  w.String(r.data(), static_cast<rapidjson::SizeType>(r.size()));
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string encode_move(const BoardPlace& to) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("buildStatus");
  const std::string_view s = to_string(to.status);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  w.Key("boardRank");
  w.String(to.rank.data(), static_cast<rapidjson::SizeType>(to.rank.size()));
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace dashboard::core::client
