// Certificates for HTTPS on a local network (`relais tls self-signed`): a one-off local
// certificate authority and the server certificate it signs, made with OpenSSL's C API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace relais::http {

// Apple's platforms refuse a TLS server certificate valid for longer than 825 days.
constexpr int kMaxCertificateDays = 825;

struct LocalCertificateRequest {
  std::vector<std::string> hosts;  // DNS names or IP addresses; the first names the files
  std::string out_dir = ".";
  int days = kMaxCertificateDays;
};

struct LocalCertificateFiles {
  std::string cert;         // the server's certificate, then the authority's (--tls-cert)
  std::string key;          // the server's key, mode 0600 (--tls-key)
  std::string ca;           // the authority's certificate, to install on phones and browsers
  std::string ca_sha256;    // its fingerprint, "AB:CD:…", as phones show it
  std::string cert_sha256;  // the server certificate's
};

// A host a certificate may name: an IPv4 or IPv6 address, or a DNS name (letters, digits
// and hyphens in labels of 1 to 63 characters, 253 at most, no wildcard).
bool valid_certificate_host(std::string_view host);

// Makes an EC P-256 authority (CA:TRUE, pathlen 0) and an EC P-256 server certificate it
// signs (CA:FALSE, serverAuth, subjectAltName: every host), writes OUT/NAME.crt, NAME.key and
// NAME-ca.crt, and forgets the authority's key: it can vouch for nothing else. Throws
// std::invalid_argument for a bad host or number of days, std::runtime_error when one of the
// files exists (nothing is then written) or cannot be written.
LocalCertificateFiles make_local_certificate(const LocalCertificateRequest& request);

}  // namespace relais::http
