#include "store/notification_rows.hpp"

#include "store/messaging_json.hpp"

namespace dashboard::server::store {

std::string_view to_string(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::BoardChanged:
      return "boardChanged";
    case NotificationKind::CoverageComplete:
      return "coverageComplete";
    case NotificationKind::Announcement:
      return "announcement";
    case NotificationKind::Message:
      break;
  }
  return "message";
}

std::optional<NotificationKind> parse_notification_kind(std::string_view text) {
  for (NotificationKind kind : kNotificationKinds) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (lead < 0x80) {
      extra = 0;
    } else if ((lead & 0xE0) == 0xC0 && lead >= 0xC2) {
      extra = 1;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((lead & 0xF8) == 0xF0 && lead <= 0xF4) {
      extra = 3;
    } else {
      return std::nullopt;
    }
    if (i + extra >= text.size()) return std::nullopt;  // cut short
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return std::nullopt;
    }
    i += extra + 1;
    ++count;
  }
  return count;
}

std::string preview(const std::string& text, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (points == max) return text.substr(0, i) + "\u2026";
    ++points;
  }
  return text;
}

bool fully_covered(const core::Moc& moc) {
  return moc.parts_coverage_status == core::PartsCoverageStatus::FullInventory ||
         moc.coverage_percentage >= 100;
}

std::int64_t unread_notifications(sql::Session& s, UserId user) {
  return s.scalar("SELECT unread_notifications FROM users WHERE id = $1", {user});
}

void count_notifications_read(sql::Session& s, UserId user, std::int64_t read) {
  if (read == 0) return;
  s.exec("UPDATE users SET unread_notifications = unread_notifications - $2 WHERE id = $1",
         {user, read});
}

core::EventPayload add_notification(sql::Session& s, UserId user, const NewNotification& n,
                                    const std::string& now) {
  auto rows = s.query(
      "INSERT INTO notifications (user_id, kind, body, link, actor, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {user, to_string(n.kind), n.text, n.link, n.actor, now});
  rows->next();
  const Notification row{rows->int64(0), n.kind, n.text, n.link, n.actor, now, false};
  s.exec("UPDATE users SET unread_notifications = unread_notifications + 1 WHERE id = $1", {user});
  std::string json = notification_payload(row, unread_notifications(s, user));
  switch (n.kind) {
    case NotificationKind::BoardChanged:
      return core::NotificationBoardChanged{std::move(json)};
    case NotificationKind::CoverageComplete:
      return core::NotificationCoverageComplete{std::move(json)};
    case NotificationKind::Announcement:
      return core::NotificationAnnouncement{std::move(json)};
    case NotificationKind::Message:
      break;
  }
  return core::NotificationMessage{std::move(json)};
}

}  // namespace dashboard::server::store
