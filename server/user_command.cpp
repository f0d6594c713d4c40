#include "user_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <optional>
#include <string>

#include "auth/password.hpp"
#include "auth/password_rules.hpp"
#include "backend.hpp"
#include "log.hpp"
#include "store/accounts.hpp"

namespace dashboard::server {
namespace {

// One line from the terminal without echo.
std::optional<std::string> read_hidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool tty = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << "\n";
  if (!got) return std::nullopt;
  return line;
}

// The new password, checked against the rules; nullopt after a message.
std::optional<std::string> new_password(const Config& config) {
  std::string password;
  if (config.password_stdin) {
    if (!std::getline(std::cin, password)) {
      std::cerr << "no password on standard input\n";
      return std::nullopt;
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
  } else {
    if (isatty(STDIN_FILENO) == 0) {
      std::cerr << "no terminal to ask for the password on; pipe it with --password-stdin\n";
      return std::nullopt;
    }
    const auto first = read_hidden("New password: ");
    const auto second = first ? read_hidden("Repeat it: ") : std::nullopt;
    if (!first || !second) return std::nullopt;
    if (*first != *second) {
      std::cerr << "the passwords differ; nothing changed\n";
      return std::nullopt;
    }
    password = *first;
  }
  if (const auto problem = auth::password_problem(config.user_name, password)) {
    std::cerr << *problem << "; nothing changed\n";
    return std::nullopt;
  }
  return password;
}

int add_user(const Config& config, const Backend& backend) {
  if (const auto problem = auth::username_problem(config.user_name)) {
    std::cerr << *problem << "\n";
    return 1;
  }
  const auto role = store::parse_user_role(config.user_role);
  if (!role) {
    std::cerr << "--role must be admin or member\n";
    return 1;
  }
  if (backend.store->find_user(config.user_name)) {
    std::cerr << "user " << config.user_name << " already exists\n";
    return 1;
  }
  const auto password = new_password(config);
  if (!password) return 1;
  const auto created =
      backend.store->create_user(config.user_name, auth::hash_password(*password), *role);
  if (!created) {
    std::cerr << created.error().message << "\n";
    return 1;
  }
  log::info("auth", {{"event", "user_added"},
                     {"user", created->id},
                     {"username", created->username},
                     {"role", std::string(store::to_string(*role))},
                     {"outcome", "ok"}});
  std::cout << "created user " << created->username << " (" << store::to_string(*role) << ")\n";
  return 0;
}

int change_password(const Config& config, const Backend& backend) {
  const auto user = backend.store->find_user(config.user_name);
  if (!user) {
    std::cerr << "no user named " << config.user_name << "\n";
    return 1;
  }
  const auto password = new_password(config);
  if (!password) return 1;
  store::set_password_hash(*backend.database, user->id, auth::hash_password(*password),
                           backend.clock->now());
  log::info("auth", {{"event", "password_changed"},
                     {"user", user->id},
                     {"username", user->username},
                     {"by", "cli"},
                     {"outcome", "ok"}});
  std::cout << "password changed for " << user->username << "; their sessions are ended\n";
  return 0;
}

int remove_user(const Config& config, const Backend& backend) {
  if (!backend.store->find_user(config.user_name)) {
    std::cerr << "no user named " << config.user_name << "\n";
    return 1;
  }
  if (!config.confirm_remove) {
    std::cerr << "this deletes " << config.user_name
              << " with their MOCs, sets, wishlist, events and shares, and cannot be undone; "
                 "run again with --yes to confirm\n";
    return 1;
  }
  store::delete_user(*backend.database, config.user_name, backend.clock->now());
  log::info("auth", {{"event", "user_removed"}, {"username", config.user_name}, {"outcome", "ok"}});
  std::cout << "removed user " << config.user_name << "\n";
  return 0;
}

int list(const Backend& backend) {
  const auto users = store::list_users(*backend.database);
  std::cout << std::left << std::setw(8) << "ID" << std::setw(24) << "USERNAME" << std::setw(8)
            << "ROLE"
            << "CREATED\n";
  for (const auto& user : users) {
    std::cout << std::setw(8) << user.id << std::setw(24) << user.username << std::setw(8)
              << store::to_string(user.role) << user.created_at << "\n";
  }
  return 0;
}

}  // namespace

int user_command(const Config& config) {
  const Backend backend = open_backend(config);
  switch (config.user_action) {
    case UserAction::kAdd:
      return add_user(config, backend);
    case UserAction::kPasswd:
      return change_password(config, backend);
    case UserAction::kRemove:
      return remove_user(config, backend);
    case UserAction::kList:
      return list(backend);
  }
  return 1;
}

}  // namespace dashboard::server
