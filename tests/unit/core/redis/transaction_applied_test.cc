// transaction_applied: the replies to MULTI ... EXEC, read the way every writer needs them.
#include <gtest/gtest.h>

#include "core/redis/reply.h"

namespace core::redis {
namespace {

Reply of(Reply::Type type, std::string text = {}, std::vector<Reply> elements = {}) {
  Reply reply;
  reply.type = type;
  reply.text = std::move(text);
  reply.elements = std::move(elements);
  return reply;
}

Reply status(std::string text) {
  return of(Reply::Type::kStatus, std::move(text));
}

Reply error(std::string text) {
  return of(Reply::Type::kError, std::move(text));
}

Reply array(std::vector<Reply> elements) {
  return of(Reply::Type::kArray, {}, std::move(elements));
}

TEST(TransactionApplied, EveryCommandQueuedAndAppliedIsApplied) {
  std::vector<Reply> replies = {status("OK"), status("QUEUED"), status("QUEUED"),
                                array({of(Reply::Type::kInteger), status("OK")})};
  EXPECT_TRUE(transaction_applied(replies));
}

TEST(TransactionApplied, ARefusalWhileQueueingOrAnErrorInsideIsNot) {
  std::vector<Reply> refused = {status("OK"), error("ERR unknown command"),
                                error("EXECABORT Transaction discarded")};
  EXPECT_FALSE(transaction_applied(refused));
  std::vector<Reply> failed = {status("OK"), status("QUEUED"),
                               array({error("WRONGTYPE Operation against a key")})};
  EXPECT_FALSE(transaction_applied(failed));
}

TEST(TransactionApplied, NoRepliesOrNoExecArrayIsNot) {
  EXPECT_FALSE(transaction_applied({}));
  std::vector<Reply> aborted = {status("OK"), status("QUEUED"), Reply{}};  // EXEC answered nil
  EXPECT_FALSE(transaction_applied(aborted));
}

}  // namespace
}  // namespace core::redis
