#include "http/tls_certificate.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace relais::http {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/relais-tls-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

X509* read_first_certificate(const std::string& file) {
  FILE* f = std::fopen(file.c_str(), "r");
  if (!f) return nullptr;
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return cert;
}

}  // namespace

TEST(TlsCertificate, AcceptsNamesAndAddressesRefusesTheRest) {
  for (const char* good :
       {"relais.lan", "packing-1", "192.168.1.20", "fe80::1", "Relais.Local", "a.b-c.d"}) {
    EXPECT_TRUE(valid_certificate_host(good)) << good;
  }
  for (const char* bad : {"", "-relais", "relais-", "a..b", "*.lan", "relais lan", "../etc", "a/b",
                          "999.1.1.1", "relais_lan", "a,DNS:evil.example"}) {
    EXPECT_FALSE(valid_certificate_host(bad)) << bad;
  }
  EXPECT_FALSE(valid_certificate_host(std::string(64, 'a') + ".lan"));
  EXPECT_TRUE(valid_certificate_host(std::string(63, 'a') + ".lan"));
}

TEST(TlsCertificate, ServerCertificateChainsToItsAuthorityAndNamesEveryHost) {
  TempDir dir;
  auto files = make_local_certificate({{"relais.lan", "192.168.1.20"}, dir.path.string(), 30});
  EXPECT_EQ(files.cert, (dir.path / "relais.lan.crt").string());
  EXPECT_EQ(files.key, (dir.path / "relais.lan.key").string());
  EXPECT_EQ(files.ca, (dir.path / "relais.lan-ca.crt").string());
  struct stat st {};
  ASSERT_EQ(::stat(files.key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(files.ca_sha256.size(), 32u * 3 - 1);

  X509* leaf = read_first_certificate(files.cert);
  X509* ca = read_first_certificate(files.ca);
  ASSERT_TRUE(leaf && ca);
  EXPECT_EQ(X509_check_host(leaf, "relais.lan", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(leaf, "192.168.1.20", 0), 1);
  EXPECT_EQ(X509_check_host(leaf, "other.lan", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_check_ca(leaf), 0);
  EXPECT_EQ(X509_check_ca(ca), 1);
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf, nullptr);
  X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
  EXPECT_EQ(X509_verify_cert(ctx), 1)
      << X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  X509_free(leaf);
  X509_free(ca);
}

TEST(TlsCertificate, NeverOverwritesAFile) {
  TempDir dir;
  make_local_certificate({{"relais.lan"}, dir.path.string(), 30});
  const auto before = std::filesystem::last_write_time(dir.path / "relais.lan.key");
  EXPECT_THROW(make_local_certificate({{"relais.lan"}, dir.path.string(), 30}), std::runtime_error);
  EXPECT_EQ(std::filesystem::last_write_time(dir.path / "relais.lan.key"), before);
  EXPECT_THROW(make_local_certificate({{"bad host"}, dir.path.string(), 30}),
               std::invalid_argument);
  EXPECT_THROW(make_local_certificate({{"other.lan"}, dir.path.string(), 826}),
               std::invalid_argument);
}

}  // namespace relais::http
