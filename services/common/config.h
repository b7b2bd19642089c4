// Configuration from flags and environment, every setting declared with a
// documented default so `--help` is the operator's reference.
//
// Precedence, later wins: the declared default, then the environment variable
// FS_<NAME> (upper case), then the flag --<name>=<value>.
//
// Secrets (passwords) never come from flags: every user of the machine can
// read a command line (`ps`, /proc). They come from the environment or from a
// file named by a companion setting <name>_file (GetSecret).
#ifndef FIELDSERVICE_COMMON_CONFIG_H_
#define FIELDSERVICE_COMMON_CONFIG_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fieldservice::common {

// One setting: snake_case name, default value, and what it controls. A
// secret given as a --flag is refused at start-up.
struct Setting {
  std::string name;
  std::string default_value;
  std::string help;
  bool secret = false;
};

class Config {
 public:
  // Fails on an unknown flag, a flag without "=value" or a flag for a secret
  // setting, naming it.
  static absl::StatusOr<Config> Load(const std::vector<Setting>& settings, int argc,
                                     const char* const* argv, const char* const* envp);
  // Only defaults and the given overrides; for tests.
  static Config ForTest(const std::vector<Setting>& settings,
                        const std::map<std::string, std::string>& overrides);

  // The value of a declared setting (a programming error otherwise: aborts).
  const std::string& Get(std::string_view name) const;
  // Typed readers; errors name the setting and the bad value.
  absl::StatusOr<int64_t> GetInt(std::string_view name) const;
  absl::StatusOr<bool> GetBool(std::string_view name) const;
  // Durations as absl writes them: "90s", "3m", "24h", "1h30m".
  absl::StatusOr<absl::Duration> GetDuration(std::string_view name) const;
  // A secret: the contents of the file named by the setting <name>_file when
  // that is declared and set (line breaks at its end removed), else the
  // setting itself. Errors name the setting: both given, or the file cannot
  // be read.
  absl::StatusOr<std::string> GetSecret(std::string_view name) const;

  // True when --help was given; the caller prints Usage() and exits.
  bool help_requested() const { return help_requested_; }
  // Every setting with its environment variable, default and help text.
  std::string Usage(std::string_view program) const;

  // FS_<NAME> for a setting name.
  static std::string EnvName(std::string_view name);

 private:
  bool IsSecret(std::string_view name) const;

  std::vector<Setting> settings_;
  std::map<std::string, std::string, std::less<>> values_;
  bool help_requested_ = false;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_CONFIG_H_
