// An SSL from new_ssl() outlives its TlsContext (a reload dropped it) and still completes its
// handshake on an SNI-chosen certificate; new_ssl() from several threads at once.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <thread>
#include <vector>

#include "core/tls/tls_context.h"
#include "tests/unit/core/tls/test_certificates.h"
#include "tests/unit/core/tls/tls_handshake.h"

namespace core::tls {
namespace {

TEST(TlsContextLifetime, SslOutlivesItsContext) {
  const auto& certs = test::standard_certificates();
  auto loaded = TlsContext::load({certs.edge, certs.pop}, TlsOptions{});
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  std::shared_ptr<const TlsContext> context = std::move(*loaded);
  SslHandle before_sni(context->new_ssl());
  SslHandle default_only(context->new_ssl());
  ASSERT_NE(before_sni, nullptr);
  context.reset();  // the only owner: what the server does after a reload

  const auto switched =
      test::handshake(std::move(before_sni), {.server_name = "a.pop.test", .alpn = {"h2"}});
  ASSERT_TRUE(switched.ok());
  EXPECT_EQ(test::peer_common_name(switched.client.get()), "*.pop.test");
  EXPECT_EQ(negotiated_protocol(switched.server.get()), "h2");

  const auto plain = test::handshake(std::move(default_only), {.server_name = "edge.test"});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(test::peer_common_name(plain.client.get()), "edge.test");
}

TEST(TlsContextLifetime, NewSslFromManyThreads) {
  const auto& certs = test::standard_certificates();
  auto loaded = TlsContext::load({certs.edge, certs.pop}, TlsOptions{});
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  const std::shared_ptr<const TlsContext> context = *loaded;
  constexpr int kThreads = 4;
  std::vector<int> handshakes_ok(kThreads, 0);
  std::vector<std::thread> workers;
  workers.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const auto result =
            test::handshake(*context, {.server_name = (i % 2) ? "a.pop.test" : "edge.test"});
        if (result.ok()) ++handshakes_ok[t];
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(handshakes_ok[t], 5) << "thread " << t;
}

TEST(TlsNegotiatedProtocol, EmptyBeforeHandshake) {
  auto loaded = TlsContext::load({test::standard_certificates().edge}, TlsOptions{});
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  const SslHandle ssl((*loaded)->new_ssl());
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(negotiated_protocol(ssl.get()), "");
}

}  // namespace
}  // namespace core::tls
