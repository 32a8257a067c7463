// The relais command line: the server and the operator's tools, one binary.
#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <boost/asio/ip/host_name.hpp>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>

#include "app/allocation.hpp"
#include "app/audit.hpp"
#include "app/auth.hpp"
#include "app/demo.hpp"
#include "app/demo_national.hpp"
#include "app/health.hpp"
#include "app/keys.hpp"
#include "app/referrals.hpp"
#include "app/lines.hpp"
#include "app/results.hpp"
#include "app/retention.hpp"
#include "app/sims.hpp"
#include "app/users.hpp"
#include "core/cursor.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "http/api.hpp"
#include "http/logging.hpp"
#include "http/server.hpp"
#include "http/tls_certificate.hpp"
#include "store/backup.hpp"
#include "store/store.hpp"

#ifndef RELAIS_VERSION
#define RELAIS_VERSION "0.0.0"
#endif

namespace {

using relais::Error;
using relais::Lang;

// For commands that read an existing database: a mistyped path must not create an empty one
// (a PostgreSQL database that does not exist refuses the connection by itself).
std::unique_ptr<relais::store::Store> open_existing(const std::string& db) {
  if (!relais::store::is_postgres_location(db) && !std::filesystem::exists(db)) {
    throw std::runtime_error("no database at " + db);
  }
  auto store = relais::store::open_store(db);
  store->migrate();
  return store;
}

// The database's location as it may be logged: a password in a URL is hidden.
std::string without_password(const std::string& location) {
  if (!relais::store::is_postgres_location(location)) return location;
  auto scheme = location.find("://");
  auto at = location.rfind('@');
  auto colon = location.find(':', scheme + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon + 1) + "***" + location.substr(at);
}

std::unique_ptr<relais::store::Store> open_migrated(const std::string& db) {
  auto store = relais::store::open_store(db);
  store->migrate();
  return store;
}

// CLI messages are in English; the detail of an Error is written in English too.
int report(const Error& e) {
  std::cerr << "error: " << relais::message(e.code(), Lang::kEn, e.args()) << "\n";
  for (const auto& fe : e.errors()) {
    const std::string reason = relais::message(fe.reason, Lang::kEn, fe.args);
    if (fe.line > 0) {
      std::cerr << "line " << fe.line << ": " << fe.field << ": " << fe.value << ": " << reason
                << "\n";
    } else {
      std::cerr << "  " << fe.field << ": " << reason
                << (fe.value.empty() ? "" : " (" + fe.value + ")") << "\n";
    }
  }
  if (e.unlisted_lines() > 0) {
    std::cerr << "and " << e.unlisted_lines() << " more bad lines, not listed\n";
  }
  return e.kind() == relais::ErrorKind::kUnprocessable ? 2 : 1;
}

// "1 SIM card", "2 SIM cards": the count with its noun in the right form.
std::string counted(long long n, const char* one, const char* other) {
  return std::to_string(n) + " " + (relais::singular(Lang::kEn, n) ? one : other);
}

void print_accounts(const std::vector<relais::app::DemoAccount>& accounts) {
  std::cout << "Demo accounts (password: " << relais::app::kDemoPassword << "):\n";
  for (const auto& a : accounts) {
    std::cout << "  " << a.email << std::string(26 - std::min<size_t>(a.email.size(), 25), ' ')
              << a.organisation << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Every file Relais makes (the database and its journal, the key file, backups) is its
  // user's alone.
  ::umask(0077);
  CLI::App cli{"Relais: solidarity connectivity operations, end to end"};
  cli.require_subcommand(1);
  // Environment variables mirror the flags; CLI11 checks their values like the flags'.
  std::string db = "relais-data/relais.db";
  auto add_db = [&db](CLI::App* command) {
    command->add_option("--db", db,
                        "SQLite database file, or postgresql://user@host:port/database")
        ->envname("RELAIS_DB")
        ->capture_default_str();
  };

  auto* serve = cli.add_subcommand("serve", "Serve the API and the web app");
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web = "web/dist";
  std::size_t max_body = 16 * 1024 * 1024;
  bool secure_cookies = false;
  add_db(serve);
  serve->add_option("--host", host, "Address to listen on")
      ->envname("RELAIS_HOST")
      ->capture_default_str();
  serve->add_option("--port", port, "Port, 0 for any free one")
      ->envname("RELAIS_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--web", web, "Directory of the built web app")->capture_default_str();
  serve->add_option("--max-body-bytes", max_body, "Largest request body accepted")
      ->capture_default_str();
  std::size_t body_memory = 32 * 1024 * 1024;
  serve->add_option("--max-body-memory", body_memory,
                    "Bytes of memory all request bodies being received may hold at once (files "
                    "for the file routes go to disk instead); past it, 503 and Retry-After")
      ->capture_default_str();
  std::size_t spool_bytes = 256 * 1024 * 1024;
  serve->add_option("--max-spool-bytes", spool_bytes,
                    "Bytes of disk the files being received may hold at once (at least "
                    "--max-body-bytes); past it, 503 and Retry-After")
      ->capture_default_str();
  std::string spool_dir;
  serve->add_option("--spool-dir", spool_dir,
                    "Where files sent to the file routes are written as they arrive, unnamed "
                    "(default: $TMPDIR, else /tmp)")
      ->envname("RELAIS_SPOOL_DIR")
      ->check(CLI::ExistingDirectory);
  int max_connections = 512;
  serve->add_option("--max-connections", max_connections,
                    "Connections open at once; one more is answered 503 and closed")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  std::string log_format = "text";
  serve->add_option("--log-format", log_format,
                    "text: one line per request; json: one JSON object per line")
      ->envname("RELAIS_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  std::string metrics_token;
  serve->add_option("--metrics-token", metrics_token,
                    "Bearer token that lets a client on another machine read /metrics (clients "
                    "on this machine need none)")
      ->envname("RELAIS_METRICS_TOKEN");
  serve->add_flag("--secure-cookies", secure_cookies,
                  "Mark the session cookie Secure (behind a TLS proxy; implied by --tls-cert)");
  std::string tls_cert, tls_key;
  auto* tls_cert_option =
      serve->add_option("--tls-cert", tls_cert,
                        "Serve HTTPS only, with this PEM certificate chain (the server's first); "
                        "read again when it changes or at SIGHUP")
          ->envname("RELAIS_TLS_CERT")
          ->check(CLI::ExistingFile);
  auto* tls_key_option = serve->add_option("--tls-key", tls_key, "The PEM key of --tls-cert")
                             ->envname("RELAIS_TLS_KEY")
                             ->check(CLI::ExistingFile);
  tls_cert_option->needs(tls_key_option);
  tls_key_option->needs(tls_cert_option);
  int redirect_port = 0;
  serve->add_option("--http-redirect-port", redirect_port,
                    "With --tls-cert: also listen for plain HTTP on this port, and send every "
                    "request on to the same address over HTTPS (308)")
      ->envname("RELAIS_HTTP_REDIRECT_PORT")
      ->check(CLI::Range(1, 65535))
      ->needs(tls_cert_option);
  int threads = 0;
  serve->add_option("--threads", threads,
                    "Threads serving requests (0: one per core, at least 2)")
      ->envname("RELAIS_THREADS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  std::string public_url;
  serve->add_option("--public-url", public_url,
                    "The site's public address, for links printed on documents (default: "
                    "http://HOST:PORT as the server listens, the machine's name for 0.0.0.0)")
      ->envname("RELAIS_PUBLIC_URL");
  std::vector<std::string> trusted_proxies;
  serve->add_option("--trusted-proxy", trusted_proxies,
                    "Address of a reverse proxy whose X-Forwarded-For names the client (login "
                    "throttling per address); repeat it, or separate with commas")
      ->delimiter(',')
      ->envname("RELAIS_TRUSTED_PROXIES");
  int results_max_age = 60;
  serve->add_option("--results-max-age", results_max_age,
                    "Seconds a programme's results may lag behind the data once it changed (the "
                    "facts of a national programme take most of a second to read); 0: always "
                    "read again after a write")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  std::optional<int> retention;
  serve->add_option("--retention-days", retention,
                    "Days personal data is kept after a resident's line ends (default 180); "
                    "the server erases what is older every day")
      ->envname("RELAIS_RETENTION_DAYS")
      ->check(CLI::Range(0, 3650));

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  add_db(migrate);

  auto* demo = cli.add_subcommand("demo", "Create the demo programme in an empty database");
  add_db(demo);
  std::string demo_size = "default";
  demo->add_option("--size", demo_size,
                   "default: the 2020 programme (120 structures, 2,500 cards); national: 3,500 "
                   "structures, 3 operators, 500,000 cards, 150,000 requests (seconds on SQLite, a "
                   "few minutes on PostgreSQL)")
      ->check(CLI::IsMember({"default", "national"}))
      ->capture_default_str();
  bool demo_without_history = false;
  demo->add_flag("--no-history", demo_without_history,
                 "default size: leave out the second programme's year of history (3,200 cards, "
                 "thousands of lines, their results); the tests start from this smaller demo");

  auto* user = cli.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add an account; the password is read from stdin");
  relais::app::NewUser new_user;
  add_db(user_add);
  user_add->add_option("--email", new_user.email)->required();
  user_add->add_option("--name", new_user.name)->required();
  user_add->add_option("--role", new_user.role, "Role, the kind of the organisation")->required();
  user_add->add_option("--organisation", new_user.organisation_id, "Organisation id")->required();

  std::string user_email;
  auto* user_disable = user->add_subcommand(
      "disable", "Disable an account: it cannot log in, its sessions end and its tokens stop");
  add_db(user_disable);
  user_disable->add_option("EMAIL", user_email, "The account's email")->required();
  auto* user_enable = user->add_subcommand("enable", "Enable a disabled account again");
  add_db(user_enable);
  user_enable->add_option("EMAIL", user_email, "The account's email")->required();
  auto* user_reset = user->add_subcommand(
      "reset", "Print a one-time link (valid 24 hours) to set the account's password");
  add_db(user_reset);
  user_reset->add_option("EMAIL", user_email, "The account's email")->required();
  std::string reset_site;
  user_reset->add_option("--public-url", reset_site,
                         "The site's public address the link starts with")
      ->envname("RELAIS_PUBLIC_URL");

  auto* token = cli.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  auto* token_add =
      token->add_subcommand("add", "Create an API token for an account; printed once");
  token_add->alias("create");
  std::string token_email, token_name;
  int token_days = relais::app::kDefaultTokenDays;
  add_db(token_add);
  token_add->add_option("--email", token_email, "Account the token acts as")->required();
  token_add->add_option("--name", token_name, "What the token is for")->required();
  token_add->add_option("--expires", token_days, "Days the token is valid")
      ->check(CLI::Range(1, relais::app::kMaxTokenDays))
      ->capture_default_str();
  auto* token_list = token->add_subcommand(
      "list", "List API tokens, newest first (id, name, account, created, expires, last used, "
              "revoked); never the tokens themselves");
  add_db(token_list);
  std::optional<std::string> token_user;
  token_list->add_option("--user", token_user, "Only the tokens of this account (email)");
  auto* token_revoke = token->add_subcommand("revoke", "Revoke an API token at once");
  add_db(token_revoke);
  std::int64_t token_id = 0;
  token_revoke->add_option("ID", token_id, "The token's id (relais token list)")->required();

  auto* import = cli.add_subcommand("import", "Import files");
  import->require_subcommand(1);
  auto* import_sims =
      import->add_subcommand("sims", "Import a batch file of SIM cards, all or nothing");
  relais::app::SimImportRequest sim_request;
  std::string sim_file;
  add_db(import_sims);
  import_sims->add_option("--operator", sim_request.operator_code, "Operator code, e.g. SFR")
      ->required();
  import_sims->add_option("--plan", sim_request.plan_code, "Plan code, e.g. CU-2020")->required();
  import_sims->add_option("--reference", sim_request.reference,
                          "Delivery reference (default: the file name)");
  import_sims->add_option("FILE", sim_file, "CSV or vendor output file")
      ->required()
      ->check(CLI::ExistingFile);

  auto* allocate = cli.add_subcommand(
      "allocate", "Share the stock between approved requests: print the preview as JSON");
  add_db(allocate);
  bool allocate_apply = false;
  std::string allocate_lang = "fr";
  allocate->add_flag("--apply", allocate_apply,
                     "Reserve the cards as previewed, in one transaction, and print the result");
  allocate->add_option("--lang", allocate_lang, "Language of the explanations (fr, en)")
      ->check(CLI::IsMember({"fr", "en"}));
  std::string allocate_fingerprint;
  allocate->add_option("--fingerprint", allocate_fingerprint,
                       "With --apply: apply only if the preview still has this fingerprint");

  auto* purge = cli.add_subcommand(
      "purge",
      "Erase personal data past its retention: notes of referrals ended long ago, first names and "
      "contacts of residents whose lines ended long ago (the server also does it every day)");
  add_db(purge);
  std::optional<int> purge_days;
  purge->add_option("--days", purge_days,
                    "Retention in days (default: the server's --retention-days, else 180)")
      ->check(CLI::Range(0, 3650));

  auto* todo = cli.add_subcommand(
      "todo",
      "Build every structure's to-do list (late activations, lines ending, follow-ups due, "
      "incidents waiting) as the server's daily job does, and print the count of each kind");
  add_db(todo);
  std::string todo_at;
  todo->add_option("--at", todo_at,
                   "Build it as at this time (ISO 8601 UTC, 2027-01-10T09:00:00Z); default now");

  auto* keys = cli.add_subcommand("keys", "The key that seals personal data at rest");
  keys->require_subcommand(1);
  auto* keys_rotate = keys->add_subcommand(
      "rotate", "Seal every value again under a new key, while the servers keep running");
  add_db(keys_rotate);

  auto* audit = cli.add_subcommand("audit", "Audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the audit log's hash chain");
  add_db(audit_verify);

  auto* backup = cli.add_subcommand(
      "backup",
      "Copy an SQLite database while the servers keep writing to it, and its key file: OUT and "
      "OUT.key, both mode 0600, neither overwriting a file (PostgreSQL: pg_dump, see "
      "docs/operations.md)");
  add_db(backup);
  std::string backup_out;
  backup->add_option("OUT", backup_out, "The backup file to create (its key goes to OUT.key)")
      ->required();

  auto* restore = cli.add_subcommand(
      "restore",
      "Check a backup made by `relais backup` (integrity, schema) and put it in place as the "
      "database --db, with its key file (BACKUP.key) where that database's key belongs");
  add_db(restore);
  std::string restore_from;
  bool restore_force = false;
  restore->add_option("BACKUP", restore_from, "The backup file (its key is BACKUP.key)")
      ->required();
  restore->add_flag("--force", restore_force,
                    "Replace an existing database and key file (stop its servers first)");

  auto* tls = cli.add_subcommand("tls", "Certificates for HTTPS");
  tls->require_subcommand(1);
  auto* tls_self_signed = tls->add_subcommand(
      "self-signed",
      "Make a certificate for HTTPS on a local network (phones' cameras need a secure page): "
      "OUT/NAME.crt and NAME.key for --tls-cert and --tls-key, and NAME-ca.crt, the one-off "
      "authority that signed it, to install on phones and browsers (docs/operations.md, \"HTTPS "
      "on a local network\"); never overwrites a file");
  relais::http::LocalCertificateRequest certificate_request;
  tls_self_signed
      ->add_option("--host", certificate_request.hosts,
                   "A name or IP address the phones open, e.g. 192.168.1.20; repeat for several "
                   "(the first names the files)")
      ->required();
  tls_self_signed->add_option("--out", certificate_request.out_dir, "Directory of the files")
      ->capture_default_str();
  tls_self_signed
      ->add_option("--days", certificate_request.days,
                   "Days the certificate is valid (825 at most: iOS refuses longer)")
      ->check(CLI::Range(1, relais::http::kMaxCertificateDays))
      ->capture_default_str();

  auto* version = cli.add_subcommand("version", "Print the version");

  CLI11_PARSE(cli, argc, argv);

  try {
    if (*version) {
      std::cout << "relais " << RELAIS_VERSION << "\n";
      return 0;
    }
    if (*tls_self_signed) {
      relais::http::LocalCertificateFiles made;
      try {
        made = relais::http::make_local_certificate(certificate_request);
      } catch (const std::invalid_argument& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
      }
      std::cout << "made a certificate for " << certificate_request.hosts.front() << ", valid "
                << counted(certificate_request.days, "day", "days") << ":\n"
                << "  " << made.cert << "  the server's certificate (--tls-cert)\n"
                << "  " << made.key << "  its key, yours alone (--tls-key)\n"
                << "  " << made.ca
                << "  the authority that signed it: install it on the phones (its own key is "
                   "already destroyed)\n"
                << "authority's SHA-256 fingerprint: " << made.ca_sha256 << "\n";
      return 0;
    }
    if (*migrate) {
      auto store = open_migrated(db);
      std::cout << "schema version " << relais::app::health(*store).schema_version << "\n";
      return 0;
    }
    if (*demo) {
      auto store = open_migrated(db);
      const bool national = demo_size == "national";
      const auto state = relais::app::demo_state(*store);
      const auto wanted =
          national ? relais::app::DemoState::kNationalDemo : relais::app::DemoState::kDemo;
      if (state == wanted) {
        std::cout << "The " << (national ? "national " : "") << "demo programme is already in "
                  << without_password(db) << ".\n";
        print_accounts(relais::app::demo_accounts(*store));
        return 0;
      }
      if (state != relais::app::DemoState::kEmpty) {
        std::cerr << "error: " << without_password(db) << " already holds "
                  << (state == relais::app::DemoState::kDemo           ? "the demo programme"
                      : state == relais::app::DemoState::kNationalDemo ? "the national demo"
                                                                       : "other data")
                  << "; the demo only goes into an empty database.\n";
        return 1;
      }
      auto sealer = relais::app::sealer_for(*store, db);
      relais::app::DemoSummary summary;
      if (national) {
        summary = relais::app::create_national_demo(
            *store, sealer, {}, [](const std::string& step) { std::cout << "  " << step << "\n"; });
      } else {
        summary = relais::app::create_demo(*store, sealer, !demo_without_history);
      }
      std::cout << "Created \""
                << (national ? relais::app::kNationalDemoProgramme : relais::app::kDemoProgramme)
                << "\" in " << without_password(db) << ": " << summary.organisations << " organisations, "
                << summary.structures << " hosting structures (" << summary.places << " places), "
                << summary.sims << " SIM cards"
                << (national ? ", " + std::to_string(summary.requests) + " requests" : "")
                << ".\n";
      print_accounts(summary.accounts);
      return 0;
    }
    if (*user_add) {
      std::getline(std::cin, new_user.password);
      if (!new_user.password.empty() && new_user.password.back() == '\r')
        new_user.password.pop_back();
      auto store = open_existing(db);
      auto u = relais::app::create_user(*store, relais::app::Actor::system(), new_user);
      std::cout << "user " << u.id << " " << u.email << " (" << relais::role_name(u.role)
                << ") added\n";
      return 0;
    }
    if (*token_add) {
      auto store = open_existing(db);
      auto made = relais::app::create_api_token(*store, relais::app::Actor::system(), token_email,
                                                token_name, token_days);
      std::cout << made.token << "\n";
      std::cerr << "token " << made.record.id << " for " << made.record.user_email
                << ", valid until " << made.record.expires_at << "\n";
      return 0;
    }
    if (*token_list) {
      auto store = open_existing(db);
      std::optional<std::string> cursor;
      std::cout << "id\tname\tuser\tcreated\texpires\tlast_used\trevoked\n";
      do {
        auto page = relais::app::list_api_tokens(*store, relais::app::Actor::system(), token_user,
                                                 std::string("200"), cursor);
        for (const auto& t : page.items) {
          std::cout << t.id << "\t" << t.name << "\t" << t.user_email << "\t" << t.created_at
                    << "\t" << t.expires_at << "\t" << t.last_used_at.value_or("-") << "\t"
                    << t.revoked_at.value_or("-") << "\n";
        }
        cursor = page.next ? std::optional(relais::encode_cursor(*page.next)) : std::nullopt;
      } while (cursor);
      return 0;
    }
    if (*token_revoke) {
      auto store = open_existing(db);
      auto t = relais::app::revoke_api_token(*store, relais::app::Actor::system(), token_id);
      std::cout << "token " << t.id << " \"" << t.name << "\" of " << t.user_email
                << " revoked at " << t.revoked_at.value_or("") << "\n";
      return 0;
    }
    if (*user_disable || *user_enable) {
      auto store = open_existing(db);
      auto u = relais::app::user_by_email(*store, user_email);
      u = *user_disable ? relais::app::disable_user(*store, relais::app::Actor::system(), u.id)
                        : relais::app::enable_user(*store, relais::app::Actor::system(), u.id);
      std::cout << "user " << u.id << " " << u.email
                << (u.disabled_at ? " disabled since " + *u.disabled_at : std::string(" enabled"))
                << "\n";
      return 0;
    }
    if (*user_reset) {
      auto store = open_existing(db);
      auto u = relais::app::user_by_email(*store, user_email);
      auto link = relais::app::create_password_reset(*store, relais::app::Actor::system(), u.id);
      while (!reset_site.empty() && reset_site.back() == '/') reset_site.pop_back();
      std::cout << reset_site << "/reset#" << link.token << "\n";
      std::cerr << "one-time link for " << u.email << ", valid until " << link.expires_at
                << (reset_site.empty() ? " (put the site's address before it: --public-url)" : "")
                << "\n";
      return 0;
    }
    if (*import_sims) {
      std::ifstream in(sim_file, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (sim_request.reference.empty()) {
        sim_request.reference = std::filesystem::path(sim_file).filename().string();
      }
      sim_request.text = text;
      auto store = open_existing(db);
      auto sealer = relais::app::sealer_for(*store, db);
      auto outcome =
          relais::app::import_sim_batch(*store, sealer, relais::app::Actor::system(), sim_request);
      std::cout << (outcome.created ? "imported " : "already imported (same file): ")
                << counted(outcome.batch.quantity, "SIM card", "SIM cards") << ", batch "
                << outcome.batch.id << "\n";
      return 0;
    }
    if (*allocate) {
      auto store = open_existing(db);
      const auto system = relais::app::Actor::system();
      const auto lang = allocate_lang == "en" ? relais::Lang::kEn : relais::Lang::kFr;
      const auto fingerprint = allocate_fingerprint.empty()
                                   ? std::nullopt
                                   : std::optional<std::string>(allocate_fingerprint);
      auto result = allocate_apply ? relais::app::apply_allocation(*store, system, fingerprint)
                                   : *relais::app::preview_allocation(*store, system);
      std::cout << relais::http::allocation_json(result, allocate_apply, lang) << "\n";
      return 0;
    }
    if (*purge) {
      auto store = open_existing(db);
      auto out = relais::app::purge_personal_data(*store, relais::app::Actor::system(), purge_days);
      std::cout << "erased " << counted(out.referral_notes, "referral note", "referral notes")
                << " and the personal data of " << counted(out.residents, "resident", "residents")
                << ", ended more than " << counted(out.days, "day", "days") << " ago\n";
      return 0;
    }
    if (*todo) {
      auto store = open_existing(db);
      relais::app::Clock::time_point at = relais::app::Clock::now();
      if (!todo_at.empty()) {
        try {
          at = relais::app::parse_iso_utc(todo_at);
        } catch (const std::exception&) {
          std::cerr << "relais: --at: " << todo_at.substr(0, 40)
                    << " is not a time like 2027-01-10T09:00:00Z\n";
          return 2;
        }
      }
      const auto built = relais::app::build_todo_lists(*store, at);
      std::cout << "built " << counted(built, "to-do item", "to-do items") << " as at "
                << relais::app::iso_utc(at) << "\n";
      auto list = relais::app::todo_list(*store, relais::app::Actor::system(), std::nullopt);
      for (const auto& [id, kinds] : list.counts) {
        std::cout << list.structure_names[id];
        for (const auto& [kind, n] : kinds) std::cout << " " << kind << "=" << n;
        std::cout << "\n";
      }
      return 0;
    }
    if (*keys_rotate) {
      auto store = open_existing(db);
      auto sealer = relais::app::sealer_for(*store, db);
      auto out = relais::app::rotate_keys(*store, sealer, [] {
        // Every server reads the key file again within a second of its change.
        std::this_thread::sleep_for(std::chrono::seconds(2));
      });
      std::cout << "sealed " << counted(out.resealed, "value", "values") << " again under a new key";
      if (out.unreadable) {
        std::cout << "; " << counted(out.unreadable, "value opens", "values open")
                  << " with no key and stayed as it was: the old keys stay in the key file\n";
        return 4;
      }
      std::cout << "; the old key is gone\n";
      return 0;
    }
    if (*audit_verify) {
      auto store = open_existing(db);
      auto check = relais::app::verify_audit(*store);
      if (check.first_broken_id) {
        std::cerr << "audit chain broken at event " << *check.first_broken_id << " ("
                  << check.reason << " does not match); " << check.checked
                  << " events before it are intact\n";
        return 3;
      }
      std::cout << "audit chain intact: " << check.checked << " events; head " << check.head_id
                << " " << check.head_hash << "\n";
      return 0;
    }
    if (*backup) {
      if (relais::store::is_postgres_location(db)) {
        std::cerr << "error: relais backup copies an SQLite database; back up a PostgreSQL "
                     "database with pg_dump, and its key file (RELAIS_KEY_FILE) apart: see "
                     "docs/operations.md, \"Backups\"\n";
        return 2;
      }
      const std::string key_out = backup_out + ".key";
      for (const auto& out : {backup_out, key_out}) {
        std::error_code ec;
        if (std::filesystem::symlink_status(out, ec).type() !=
            std::filesystem::file_type::not_found) {
          std::cerr << "error: " << out
                    << " already exists; relais backup never overwrites a file: name a new one\n";
          return 1;
        }
      }
      auto store = open_existing(db);
      // The key file, made now if the database holds no sealed value yet. It is read before
      // and after the copy, and the backup keeps the keys of both: a `relais keys rotate` running
      // meanwhile may have sealed values of the copy under a key added, or under one dropped.
      const std::string key_file = relais::app::sealer_for(*store, db).path();
      const auto keys_before = relais::app::read_key_file(key_file);
      const auto copy = relais::store::backup_sqlite(db, backup_out);
      auto key_ring = relais::app::read_key_file(key_file);
      for (const auto& k : keys_before) {
        if (std::find(key_ring.begin(), key_ring.end(), k) == key_ring.end()) key_ring.push_back(k);
      }
      try {
        relais::app::write_key_file(key_out, key_ring);
      } catch (...) {
        std::filesystem::remove(backup_out);
        throw;
      }
      std::cout << "backed up " << db << " to " << backup_out << " (" << copy.bytes
                << " bytes), its key to " << key_out << "\n";
      return 0;
    }
    if (*restore) {
      if (relais::store::is_postgres_location(db)) {
        std::cerr << "error: relais restore puts an SQLite backup in place; restore a "
                     "PostgreSQL dump with pg_restore: see docs/operations.md, \"Backups\"\n";
        return 2;
      }
      const std::string key_from = restore_from + ".key";
      const std::string key_to = relais::app::key_file_for(db);
      if (!restore_force) {
        for (const auto& to : {db, key_to}) {
          std::error_code ec;
          if (std::filesystem::symlink_status(to, ec).type() !=
              std::filesystem::file_type::not_found) {
            std::cerr << "error: " << to
                      << " already exists; relais restore replaces a database and its key only "
                         "with --force (stop the servers on it first)\n";
            return 1;
          }
        }
      }
      std::error_code ec;
      if (!std::filesystem::exists(restore_from, ec)) {
        std::cerr << "error: no backup at " << restore_from << "\n";
        return 1;
      }
      if (!std::filesystem::is_regular_file(restore_from, ec)) {
        std::cerr << "error: " << restore_from << " is not a file\n";
        return 1;
      }
      if (!std::filesystem::exists(key_from, ec)) {
        std::cerr << "error: no key file beside the backup (" << key_from
                  << "): without it the sealed values (PUK codes, notes, residents' names) "
                     "cannot be read\n";
        return 1;
      }
      auto key_ring = relais::app::read_key_file(key_from);
      // Checked (integrity, schema) before anything is written.
      const int schema = relais::store::restore_sqlite(restore_from, db, restore_force);
      relais::app::write_key_file(key_to, key_ring);
      std::cout << "restored " << restore_from << " (schema version " << schema << ") to " << db
                << ", its key to " << key_to << "\n";
      return 0;
    }
    if (*serve) {
      if (threads == 0) threads = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
      // Each thread may hold a connection while it serves a request.
      auto store = relais::store::open_store(db, std::max(8, threads));
      store->migrate();
      relais::http::Router router;
      auto sealer = relais::app::sealer_for(*store, db);
      if (auto bound = relais::app::bind_sealed_values(*store, sealer)) {
        std::cout << "bound " << bound << " sealed values to their row\n";
      }
      while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
      // Over HTTPS, the session cookie never travels in clear.
      if (!tls_cert.empty()) secure_cookies = true;
      relais::http::add_api_routes(router, *store,
                                   {RELAIS_VERSION, &sealer, secure_cookies, public_url});
      relais::http::configure_logs(log_format == "json" ? relais::http::LogFormat::kJson
                                                        : relais::http::LogFormat::kText);
      relais::http::StaticFiles files(web);
      if (files.empty())
        spdlog::warn("no web app in {}: run `make web` (the API still works)", web);
      relais::http::ServerOptions options;
      options.host = host;
      options.port = static_cast<unsigned short>(port);
      options.body_limit = max_body;
      // Room for one body of each kind at least.
      options.body_memory = std::max(body_memory, options.json_body_limit);
      options.spool_bytes = std::max(spool_bytes, max_body);
      if (spool_dir.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        spool_dir = tmp && *tmp ? tmp : "/tmp";
      }
      options.spool_dir = spool_dir;
      options.max_connections = max_connections;
      options.metrics_token = metrics_token;
      options.trusted_proxies = trusted_proxies;
      options.threads = threads;
      options.tls_cert = tls_cert;
      options.tls_key = tls_key;
      options.redirect_port = static_cast<unsigned short>(redirect_port);
      // Where the redirect port sends people: the public address; without one, the server
      // uses the address each connection came to.
      options.https_site = [&public_url] { return public_url; };
      if (!tls_cert.empty() && public_url.starts_with("http://")) {
        spdlog::warn("--public-url {} is plain HTTP while this server speaks HTTPS only",
                     public_url);
      }
      relais::http::learn_changes_before_sessions(options, *store);
      spdlog::info("database {} ({})", without_password(db), store->kind());
      relais::app::set_results_max_age(std::chrono::seconds(results_max_age));
      if (retention) relais::app::set_retention_days(*store, relais::app::Actor::system(), *retention);
      // Personal data past its retention goes once a day (and at start); every server of a shared
      // database does it, which is harmless: the purge is one write, and the second finds nothing.
      std::jthread purger([&store](std::stop_token stop) {
        std::mutex m;
        std::condition_variable_any wake;
        do {
          try {
            auto out = relais::app::purge_personal_data(*store, relais::app::Actor::system(),
                                                        std::nullopt, true);
            if (out.referral_notes || out.residents) {
              spdlog::info("retention: erased {} referral notes and {} residents' personal data",
                           out.referral_notes, out.residents);
            }
          } catch (const std::exception& e) {
            spdlog::error("retention purge failed: {}", e.what());
          }
          // Each structure's to-do list, as at today (issue 12).
          try {
            relais::app::build_todo_lists(*store, relais::app::Clock::now());
          } catch (const std::exception& e) {
            spdlog::error("to-do lists not built: {}", e.what());
          }
          std::unique_lock lock(m);
          wake.wait_for(lock, stop, std::chrono::hours(24), [] { return false; });
        } while (!stop.stop_requested());
      });
      relais::http::serve(options, router, files, [&](unsigned short bound) {
        if (!public_url.empty()) return;
        std::string name = host;
        if (name == "0.0.0.0" || name == "::") name = boost::asio::ip::host_name();
        if (name.find(':') != std::string::npos) name = "[" + name + "]";
        const std::string scheme = tls_cert.empty() ? "http" : "https";
        relais::http::set_listening_site(scheme + "://" + name + ":" + std::to_string(bound));
        spdlog::warn("no --public-url: documents link to {}://{}:{}/", scheme, name, bound);
      });
      return 0;
    }
  } catch (const Error& e) {
    return report(e);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
