// RAII owners for the OpenSSL objects this module creates, through core::base::UniqueHandle.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "core/base/unique_handle.h"

namespace core::tls {

using SslCtxHandle = core::base::UniqueHandle<SSL_CTX, SSL_CTX_free>;
using SslHandle = core::base::UniqueHandle<SSL, SSL_free>;
using X509Handle = core::base::UniqueHandle<X509, X509_free>;
using EvpPkeyHandle = core::base::UniqueHandle<EVP_PKEY, EVP_PKEY_free>;
using BioHandle = core::base::UniqueHandle<BIO, BIO_free_all>;

}  // namespace core::tls
