#include "http/tls_certificate.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace relais::http {
namespace {

template <auto Free>
struct Freer {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};
using Key = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Freer<X509_free>>;
using Bio = std::unique_ptr<BIO, Freer<BIO_free>>;
using Bignum = std::unique_ptr<BIGNUM, Freer<BN_free>>;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("could not " + what + " (OpenSSL)");
}

bool is_ip(std::string_view host) {
  const std::string s(host);
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"));
  if (!key) fail("make an EC P-256 key");
  return key;
}

void add_name(X509_NAME* name, const char* field, const std::string& value) {
  if (!X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                  reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                  0)) {
    fail("name a certificate");
  }
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) fail("make the extension " + value);
  const int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (!added) fail("add the extension " + value);
}

// A certificate of `subject` for `key`, valid from an hour ago (a phone's clock may be late)
// for `days`, with a random positive 127-bit serial; the issuer and extensions come after.
Cert new_certificate(EVP_PKEY* key, const std::string& common_name, int days) {
  Cert cert(X509_new());
  if (!cert || !X509_set_version(cert.get(), 2)) fail("make a certificate");
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) fail("draw a serial number");
  serial[0] &= 0x7f;
  Bignum bn(BN_bin2bn(serial, sizeof serial, nullptr));
  if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()))) {
    fail("set a serial number");
  }
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr)) {
    fail("set the validity");
  }
  if (!X509_set_pubkey(cert.get(), key)) fail("set the public key");
  X509_NAME* name = X509_get_subject_name(cert.get());
  add_name(name, "O", "Relais");
  add_name(name, "CN", common_name);
  return cert;
}

std::string pem(X509* cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || !PEM_write_bio_X509(bio.get(), cert)) fail("write a certificate");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string pem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || !PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) {
    fail("write a key");
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string sha256(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!X509_digest(cert, EVP_sha256(), md, &n)) fail("hash a certificate");
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    if (i) out += ':';
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

// Creates `path` (never over an existing file) with `mode`, whatever the umask, and writes it.
void write_new_file(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) throw std::runtime_error("could not create " + path);
  bool ok = ::fchmod(fd, mode) == 0;
  std::size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0)
      ok = false;
    else
      done += static_cast<std::size_t>(n);
  }
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(path.c_str());
    throw std::runtime_error("could not write " + path);
  }
}

}  // namespace

bool valid_certificate_host(std::string_view host) {
  if (is_ip(host)) return true;
  if (host.empty() || host.size() > 253) return false;
  std::size_t label = 0;
  bool digits_only = true;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      if (label == 0 || label > 63 || host[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(host[i]);
    if (!std::isalnum(c) && c != '-') return false;
    if (c == '-' && label == 0) return false;
    if (!std::isdigit(c)) digits_only = false;
    ++label;
  }
  // "999.1.1.1" is neither an address nor a name a resolver would look up.
  return !digits_only;
}

LocalCertificateFiles make_local_certificate(const LocalCertificateRequest& request) {
  if (request.hosts.empty()) throw std::invalid_argument("name at least one --host");
  std::vector<std::string> hosts;
  for (const auto& h : request.hosts) {
    if (!valid_certificate_host(h)) {
      throw std::invalid_argument("--host " + h.substr(0, 80) +
                                  ": not a DNS name or an IP address");
    }
    std::string lower = h;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(hosts.begin(), hosts.end(), lower) == hosts.end()) hosts.push_back(lower);
  }
  if (request.days < 1 || request.days > kMaxCertificateDays) {
    throw std::invalid_argument("--days: from 1 to " + std::to_string(kMaxCertificateDays));
  }
  std::string stem = hosts.front();
  std::replace(stem.begin(), stem.end(), ':', '_');  // an IPv6 address as a file name
  const std::filesystem::path dir(request.out_dir.empty() ? "." : request.out_dir);
  LocalCertificateFiles files{(dir / (stem + ".crt")).string(), (dir / (stem + ".key")).string(),
                              (dir / (stem + "-ca.crt")).string(), "", ""};
  for (const auto& f : {files.cert, files.key, files.ca}) {
    std::error_code ec;
    if (std::filesystem::symlink_status(f, ec).type() != std::filesystem::file_type::not_found) {
      throw std::runtime_error(f +
                               " already exists; nothing is overwritten: remove it or name "
                               "another --out");
    }
  }

  // The authority: its own issuer, and the only certificate a phone is asked to trust.
  char today[16];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(today, sizeof today, "%Y-%m-%d", &utc);
  Key ca_key = new_key();
  Cert ca = new_certificate(ca_key.get(), "Relais local CA for " + hosts.front() + " " + today,
                            request.days);
  if (!X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()))) fail("set the issuer");
  add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  if (!X509_sign(ca.get(), ca_key.get(), EVP_sha256())) fail("sign the authority");

  Key key = new_key();
  Cert cert = new_certificate(key.get(), hosts.front(), request.days);
  if (!X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get()))) fail("set the issuer");
  std::string names;
  for (const auto& h : hosts)
    names += (names.empty() ? "" : ",") + std::string(is_ip(h) ? "IP:" : "DNS:") + h;
  add_extension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), ca.get(), NID_subject_alt_name, names);
  add_extension(cert.get(), ca.get(), NID_subject_key_identifier, "hash");
  add_extension(cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  if (!X509_sign(cert.get(), ca_key.get(), EVP_sha256())) fail("sign the certificate");
  ca_key.reset();  // nobody can sign with this authority again

  const std::string ca_pem = pem(ca.get());
  std::filesystem::create_directories(dir);
  write_new_file(files.key, pem(key.get()), 0600);
  try {
    write_new_file(files.cert, pem(cert.get()) + ca_pem, 0644);
    write_new_file(files.ca, ca_pem, 0644);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(files.key, ec);
    std::filesystem::remove(files.cert, ec);
    throw;
  }
  files.ca_sha256 = sha256(ca.get());
  files.cert_sha256 = sha256(cert.get());
  return files;
}

}  // namespace relais::http
