// DelegatingStore: a DashboardStore that forwards every call to another,
// after `before(name)`. Test doubles override `before` (throw, count) or a
// few calls (fail some reads) and inherit the rest, so a new store method
// is written here once instead of in every double.
#pragma once

#include "store/store.hpp"

namespace dashboard::server::testing {

class DelegatingStore : public store::DashboardStore {
 public:
  using UserId = store::UserId;
  template <typename T>
  using R = store::StoreResult<T>;

  explicit DelegatingStore(store::DashboardStore* inner) : inner_(inner) {}

  // Runs before every forwarded call.
  virtual void before(const char* /*call*/) {}

  R<store::User> create_user(const std::string& u, const std::string& p,
                             store::UserRole r) override {
    before("create_user");
    return inner_->create_user(u, p, r);
  }
  std::optional<store::User> find_user(const std::string& u) override {
    before("find_user");
    return inner_->find_user(u);
  }
  std::optional<store::User> find_user(UserId id) override {
    before("find_user");
    return inner_->find_user(id);
  }
  bool has_users() override {
    before("has_users");
    return inner_->has_users();
  }
  R<core::DashboardView> dashboard(UserId u) override {
    before("dashboard");
    return inner_->dashboard(u);
  }
  R<std::int64_t> last_seq(UserId u) override {
    before("last_seq");
    return inner_->last_seq(u);
  }
  R<store::MocPage> list_mocs(UserId u, const store::MocQuery& q) override {
    before("list_mocs");
    return inner_->list_mocs(u, q);
  }
  R<store::WishlistPage> list_wishlist(UserId u) override {
    before("list_wishlist");
    return inner_->list_wishlist(u);
  }
  R<std::vector<std::string>> list_themes(UserId u) override {
    before("list_themes");
    return inner_->list_themes(u);
  }
  R<store::Moc> create_moc(const store::Actor& a, const store::NewMoc& m) override {
    before("create_moc");
    return inner_->create_moc(a, m);
  }
  R<std::vector<store::Moc>> import_mocs(const store::Actor& a,
                                         std::span<const store::NewMoc> m) override {
    before("import_mocs");
    return inner_->import_mocs(a, m);
  }
  R<store::Moc> get_moc(UserId u, const std::string& id) override {
    before("get_moc");
    return inner_->get_moc(u, id);
  }
  R<store::Moc> update_moc(const store::Actor& a, const std::string& id, const store::MocPatch& p,
                           std::optional<std::int64_t> v) override {
    before("update_moc");
    return inner_->update_moc(a, id, p, v);
  }
  R<store::Done> delete_moc(const store::Actor& a, const std::string& id,
                            std::optional<std::int64_t> v) override {
    before("delete_moc");
    return inner_->delete_moc(a, id, v);
  }
  R<store::Moc> restore_moc(const store::Actor& a, const std::string& id) override {
    before("restore_moc");
    return inner_->restore_moc(a, id);
  }
  R<store::WishlistItem> add_wishlist_item(UserId u, const std::string& n,
                                           const std::optional<std::string>& s) override {
    before("add_wishlist_item");
    return inner_->add_wishlist_item(u, n, s);
  }
  R<store::Done> remove_wishlist_item(UserId u, const std::string& id) override {
    before("remove_wishlist_item");
    return inner_->remove_wishlist_item(u, id);
  }
  R<store::LegoSet> add_set(UserId u, const std::string& s, const std::string& n,
                            const std::string& t) override {
    before("add_set");
    return inner_->add_set(u, s, n, t);
  }
  R<store::Done> remove_set(UserId u, const std::string& id) override {
    before("remove_set");
    return inner_->remove_set(u, id);
  }
  R<store::Board> board(UserId u, const std::string& owner) override {
    before("board");
    return inner_->board(u, owner);
  }
  R<store::Share> share_board(const store::Actor& a, const std::string& g,
                              store::BoardRole r) override {
    before("share_board");
    return inner_->share_board(a, g, r);
  }
  R<store::Done> revoke_share(const store::Actor& a, const std::string& id) override {
    before("revoke_share");
    return inner_->revoke_share(a, id);
  }
  R<store::SharesList> list_shares(UserId u) override {
    before("list_shares");
    return inner_->list_shares(u);
  }
  R<store::TopicAccess> topic_access(UserId u, const std::string& t) override {
    before("topic_access");
    return inner_->topic_access(u, t);
  }
  R<store::TopicPage> topic_events_since(const std::string& t, std::int64_t s, int l) override {
    before("topic_events_since");
    return inner_->topic_events_since(t, s, l);
  }
  R<store::EventsPage> events_after_time(UserId u, const std::string& a, int l) override {
    before("events_after_time");
    return inner_->events_after_time(u, a, l);
  }
  R<store::EventsPage> events_since(UserId u, std::int64_t s, int l) override {
    before("events_since");
    return inner_->events_since(u, s, l);
  }
  R<std::int64_t> prune_outbox(core::UnixMillis k, std::int64_t m) override {
    before("prune_outbox");
    return inner_->prune_outbox(k, m);
  }
  void set_commit_listener(CommitListener) override {}
  void set_topic_commit_listener(TopicCommitListener) override {}

 protected:
  store::DashboardStore* inner_;
};

}  // namespace dashboard::server::testing
