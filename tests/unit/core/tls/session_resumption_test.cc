// Session resumption: tickets in TLS 1.3 and 1.2, the session-id cache for 1.2 clients without
// tickets, resumption on an SNI-chosen certificate and from another thread (another worker
// sharing the context), and no resumption across separately loaded contexts.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <thread>

#include "core/tls/tls_context.h"
#include "tests/unit/core/tls/test_certificates.h"
#include "tests/unit/core/tls/tls_handshake.h"

namespace core::tls {
namespace {

class TlsSessionResumption : public ::testing::Test {
 protected:
  static std::shared_ptr<const TlsContext> load() {
    const auto& certs = test::standard_certificates();
    auto loaded = TlsContext::load({certs.edge, certs.pop}, TlsOptions{});
    EXPECT_TRUE(loaded.has_value()) << loaded.error();
    return loaded.value_or(nullptr);
  }

  // A full handshake, then the session the client keeps from it.
  static test::SslSessionHandle first_session(const TlsContext& context,
                                              const test::ClientOptions& options) {
    auto first = test::handshake(context, options);
    EXPECT_TRUE(first.ok());
    EXPECT_FALSE(SSL_session_reused(first.server.get()));
    EXPECT_TRUE(test::server_to_client(first));
    auto session = test::client_session(first);
    test::close_cleanly(first);
    EXPECT_NE(session, nullptr);
    if (session) {
      EXPECT_TRUE(SSL_SESSION_is_resumable(session.get()));
    }
    return session;
  }

  // A second connection offering session; whether the server resumed it.
  static bool resumed(const TlsContext& context, test::ClientOptions options,
                      const SSL_SESSION* session) {
    options.session = session;
    const auto second = test::handshake(context, options);
    EXPECT_TRUE(second.ok());
    if (!second.ok()) return false;
    EXPECT_EQ(SSL_session_reused(second.client.get()), SSL_session_reused(second.server.get()));
    return SSL_session_reused(second.server.get()) == 1;
  }
};

TEST_F(TlsSessionResumption, Tls13Ticket) {
  const auto context = load();
  ASSERT_NE(context, nullptr);
  const test::ClientOptions options{.server_name = "edge.test"};
  const auto session = first_session(*context, options);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(SSL_SESSION_get_protocol_version(session.get()), TLS1_3_VERSION);
  EXPECT_TRUE(SSL_SESSION_has_ticket(session.get()));
  EXPECT_TRUE(resumed(*context, options, session.get()));
}

TEST_F(TlsSessionResumption, Tls12Ticket) {
  const auto context = load();
  ASSERT_NE(context, nullptr);
  const test::ClientOptions options{.server_name = "edge.test", .max_version = TLS1_2_VERSION};
  const auto session = first_session(*context, options);
  ASSERT_NE(session, nullptr);
  EXPECT_TRUE(SSL_SESSION_has_ticket(session.get()));
  EXPECT_TRUE(resumed(*context, options, session.get()));
}

TEST_F(TlsSessionResumption, Tls12SessionIdCacheWithoutTickets) {
  const auto context = load();
  ASSERT_NE(context, nullptr);
  const test::ClientOptions options{
      .server_name = "edge.test", .max_version = TLS1_2_VERSION, .no_ticket = true};
  const auto session = first_session(*context, options);
  ASSERT_NE(session, nullptr);
  EXPECT_FALSE(SSL_SESSION_has_ticket(session.get()));
  EXPECT_TRUE(resumed(*context, options, session.get()));
}

TEST_F(TlsSessionResumption, TicketForSniChosenCertificate) {
  const auto context = load();
  ASSERT_NE(context, nullptr);
  for (const int max_version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    const test::ClientOptions options{.server_name = "a.pop.test", .max_version = max_version};
    const auto session = first_session(*context, options);
    ASSERT_NE(session, nullptr);
    EXPECT_TRUE(resumed(*context, options, session.get())) << max_version;
  }
}

TEST_F(TlsSessionResumption, TicketResumesOnAnotherWorkerThread) {
  const auto context = load();
  ASSERT_NE(context, nullptr);
  const test::ClientOptions options{.server_name = "edge.test"};
  const auto session = first_session(*context, options);
  ASSERT_NE(session, nullptr);
  bool resumed_there = false;
  std::thread worker([&] { resumed_there = resumed(*context, options, session.get()); });
  worker.join();
  EXPECT_TRUE(resumed_there);
}

TEST_F(TlsSessionResumption, SeparatelyLoadedContextsDoNotShareTickets) {
  const auto issuing = load();
  const auto other = load();
  ASSERT_NE(issuing, nullptr);
  ASSERT_NE(other, nullptr);
  for (const int max_version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    const test::ClientOptions options{.server_name = "edge.test", .max_version = max_version};
    const auto session = first_session(*issuing, options);
    ASSERT_NE(session, nullptr);
    // A full handshake instead: each load has its own ticket keys and session cache.
    EXPECT_FALSE(resumed(*other, options, session.get())) << max_version;
  }
}

}  // namespace
}  // namespace core::tls
