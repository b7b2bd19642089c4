// fs_token: development keys and tokens, for running the services without an
// identity provider. It signs what an identity provider would (issuer,
// audience, the user, Keycloak-style realm roles) with a local key file.
//
//   fs_token keygen --out dev-key.pem [--alg ES256|EdDSA]
//   fs_token jwks --key dev-key.pem [--key next-key.pem]  > jwks.json
//   fs_token sign --key dev-key.pem --user agent-li --roles call_agent
//
// Keys come from files only, never from the command line, where `ps` shows
// them. `sign` prints the token alone, so `$(fs_token sign ...)` works.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/auth/token_signer.h"

namespace {

namespace po = boost::program_options;
using fieldservice::common::auth::JwksOf;
using fieldservice::common::auth::SigningKey;
using fieldservice::common::auth::TokenClaims;

// The services' defaults too (their token settings): a token from a bare
// `fs_token sign` is accepted by a bare development configuration.
constexpr char kDefaultIssuer[] = "fieldservice-dev";
constexpr char kDefaultAudience[] = "fieldservice";

constexpr int kUsageError = 2;

constexpr char kUsage[] =
    "usage: fs_token <command> [options]\n"
    "  keygen --out FILE [--alg ES256|EdDSA]   write a new private key (PEM, mode 0600)\n"
    "  jwks --key FILE [--key FILE...] [--kid ID...]\n"
    "                                          print the JWKS of the keys' public halves\n"
    "  sign --key FILE --user NAME [--roles a,b] [--issuer I] [--audience A] [--ttl 8h]\n"
    "                                          print one token\n"
    "A key's id (kid) is derived from its public key unless --kid is given, so `jwks`\n"
    "and `sign` agree without it. `fs_token <command> --help` lists every option.\n";

int Fail(const std::string& command, absl::string_view message) {
  std::cerr << "fs_token " << command << ": " << message << "\n";
  return 1;
}

// Parses `args` (args[0] is the command) into `vm`; false after printing why
// or the help text.
bool ParseOptions(int argc, char** argv, const po::options_description& options,
                  po::variables_map* vm, int* exit_code) {
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), *vm);
    if (vm->count("help") != 0) {
      std::cout << "fs_token " << argv[0] << "\n" << options;
      *exit_code = 0;
      return false;
    }
    po::notify(*vm);
  } catch (const po::error& error) {
    std::cerr << "fs_token " << argv[0] << ": " << error.what() << "\n\n" << options;
    *exit_code = kUsageError;
    return false;
  }
  return true;
}

bool ParseAlgorithm(const std::string& text, SigningKey::Algorithm* algorithm) {
  if (text == "ES256") {
    *algorithm = SigningKey::Algorithm::kEs256;
  } else if (text == "EdDSA") {
    *algorithm = SigningKey::Algorithm::kEdDsa;
  } else {
    return false;
  }
  return true;
}

int Keygen(int argc, char** argv) {
  std::string out;
  std::string alg;
  po::options_description options("options");
  options.add_options()("help", "this text")(
      "out", po::value(&out)->required(), "the private key file to create (refused if it exists)")(
      "alg", po::value(&alg)->default_value("ES256"), "ES256 (EC P-256) or EdDSA (Ed25519)");
  po::variables_map vm;
  int exit_code = 0;
  if (!ParseOptions(argc, argv, options, &vm, &exit_code)) return exit_code;

  SigningKey::Algorithm algorithm;
  if (!ParseAlgorithm(alg, &algorithm)) {
    return Fail("keygen", "--alg must be ES256 or EdDSA, not '" + alg + "'");
  }
  absl::StatusOr<SigningKey> key = SigningKey::Generate(algorithm);
  if (!key.ok()) return Fail("keygen", key.status().message());
  absl::StatusOr<std::string> pem = key->PrivatePem();
  if (!pem.ok()) return Fail("keygen", pem.status().message());
  // Created readable by the owner only, and never over an existing key.
  int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0 && errno == EEXIST) return Fail("keygen", out + " exists; a key is never overwritten");
  if (fd < 0) return Fail("keygen", out + ": " + std::strerror(errno));
  bool written = write(fd, pem->data(), pem->size()) == static_cast<ssize_t>(pem->size());
  written = close(fd) == 0 && written;
  if (!written) return Fail("keygen", out + ": " + std::strerror(errno));
  std::cerr << "fs_token keygen: wrote " << key->alg() << " key " << key->key_id() << " to " << out
            << "\n";
  return 0;
}

int Jwks(int argc, char** argv) {
  std::vector<std::string> key_files;
  std::vector<std::string> key_ids;
  po::options_description options("options");
  options.add_options()("help", "this text")(
      "key", po::value(&key_files)->required()->composing(),
      "a private key file (repeat for several: old and new while rotating)")(
      "kid", po::value(&key_ids)->composing(),
      "the key ids, one per --key in the same order (default: derived from each key)");
  po::variables_map vm;
  int exit_code = 0;
  if (!ParseOptions(argc, argv, options, &vm, &exit_code)) return exit_code;
  if (!key_ids.empty() && key_ids.size() != key_files.size()) {
    return Fail("jwks", "give one --kid per --key, or none");
  }

  std::vector<std::string> jwks;
  for (size_t i = 0; i < key_files.size(); ++i) {
    absl::StatusOr<SigningKey> key =
        SigningKey::FromPemFile(key_files[i], key_ids.empty() ? "" : key_ids[i]);
    if (!key.ok()) return Fail("jwks", key.status().message());
    absl::StatusOr<std::string> jwk = key->PublicJwk();
    if (!jwk.ok()) return Fail("jwks", jwk.status().message());
    jwks.push_back(*std::move(jwk));
  }
  std::cout << JwksOf(jwks) << "\n";
  return 0;
}

int Sign(int argc, char** argv) {
  std::string key_file;
  std::string key_id;
  std::string roles;
  std::string ttl_text;
  std::string issued_at_text;
  TokenClaims claims;
  po::options_description options("options");
  options.add_options()("help", "this text")("key", po::value(&key_file)->required(),
                                             "the private key file")(
      "kid", po::value(&key_id), "the key id (default: derived from the key, as `jwks` does)")(
      "user", po::value(&claims.principal)->required(),
      "who the token is for (preferred_username and sub)")(
      "roles", po::value(&roles), "comma-separated roles (realm_access.roles)")(
      "issuer", po::value(&claims.issuer)->default_value(kDefaultIssuer), "iss")(
      "audience", po::value(&claims.audience)->default_value(kDefaultAudience), "aud")(
      "ttl", po::value(&ttl_text)->default_value("8h"), "lifetime, e.g. 8h, 30m, 90s")(
      "issued-at", po::value(&issued_at_text),
      "RFC 3339 time the token is issued (default: now); for tests and expired tokens");
  po::variables_map vm;
  int exit_code = 0;
  if (!ParseOptions(argc, argv, options, &vm, &exit_code)) return exit_code;

  absl::Duration ttl;
  if (!absl::ParseDuration(ttl_text, &ttl) || ttl <= absl::ZeroDuration()) {
    return Fail("sign", "--ttl must be a positive duration like 8h or 30m, not '" + ttl_text + "'");
  }
  claims.issued_at = absl::Now();
  if (!issued_at_text.empty()) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, issued_at_text, &claims.issued_at, &error)) {
      return Fail("sign",
                  "--issued-at must be an RFC 3339 time like 2026-11-23T10:00:00Z: " + error);
    }
  }
  claims.not_before = claims.issued_at;
  claims.expires = claims.issued_at + ttl;
  claims.roles = absl::StrSplit(roles, ',', absl::SkipWhitespace());
  if (claims.principal.empty()) return Fail("sign", "--user is empty");

  absl::StatusOr<SigningKey> key = SigningKey::FromPemFile(key_file, key_id);
  if (!key.ok()) return Fail("sign", key.status().message());
  absl::StatusOr<std::string> token = key->Sign(claims);
  if (!token.ok()) return Fail("sign", token.status().message());
  std::cout << *token << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return kUsageError;
  }
  const std::string command = argv[1];
  if (command == "keygen") return Keygen(argc - 1, argv + 1);
  if (command == "jwks") return Jwks(argc - 1, argv + 1);
  if (command == "sign") return Sign(argc - 1, argv + 1);
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "fs_token: unknown command '" << command << "'\n" << kUsage;
  return kUsageError;
}
