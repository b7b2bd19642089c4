#include "services/common/config.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/files.h"

namespace fieldservice::common {
namespace {

// The companion setting that names a file holding a secret.
std::string SecretFileSetting(std::string_view name) { return std::string(name) + "_file"; }

}  // namespace

std::string Config::EnvName(std::string_view name) {
  return absl::StrCat("FS_", absl::AsciiStrToUpper(absl::string_view(name.data(), name.size())));
}

absl::StatusOr<Config> Config::Load(const std::vector<Setting>& settings, int argc,
                                    const char* const* argv, const char* const* envp) {
  Config config = ForTest(settings, {});
  std::map<std::string, std::string> env;
  for (const char* const* e = envp; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string_view::npos) {
      env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
  }
  for (const Setting& s : settings) {
    auto it = env.find(EnvName(s.name));
    if (it != env.end()) config.values_[s.name] = it->second;
  }
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg(argv[i]);
    if (arg == "--help" || arg == "-h") {
      config.help_requested_ = true;
      continue;
    }
    if (arg.substr(0, 2) != "--") {
      return absl::InvalidArgumentError(
          absl::StrCat("argument '", arg, "': expected --name=value"));
    }
    arg.remove_prefix(2);
    size_t eq = arg.find('=');
    if (eq == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", arg, ": expected --", arg, "=value"));
    }
    absl::string_view name = arg.substr(0, eq);
    auto it = config.values_.find(std::string(name));
    if (it == config.values_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, ": unknown setting (see --help)"));
    }
    const std::string_view name_view(name.data(), name.size());
    if (config.IsSecret(name_view)) {
      std::string file = SecretFileSetting(name_view);
      return absl::InvalidArgumentError(absl::StrCat(
          "flag --", name,
          ": a secret is not taken from the command line, which every user of the machine can "
          "read; use the environment variable ",
          EnvName(name_view),
          config.values_.contains(file) ? absl::StrCat(" or the setting ", file, " (a file)")
                                        : ""));
    }
    it->second = std::string(arg.substr(eq + 1));
  }
  return config;
}

Config Config::ForTest(const std::vector<Setting>& settings,
                       const std::map<std::string, std::string>& overrides) {
  Config config;
  config.settings_ = settings;
  for (const Setting& s : settings) config.values_[s.name] = s.default_value;
  for (const auto& [name, value] : overrides) {
    if (!config.values_.contains(name)) {
      std::fprintf(stderr, "Config::ForTest: undeclared setting %s\n", name.c_str());
      std::abort();
    }
    config.values_[name] = value;
  }
  return config;
}

const std::string& Config::Get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) {
    std::fprintf(stderr, "Config::Get: undeclared setting %.*s\n", static_cast<int>(name.size()),
                 name.data());
    std::abort();
  }
  return it->second;
}

absl::StatusOr<int64_t> Config::GetInt(std::string_view name_view) const {
  std::string name(name_view);
  int64_t value = 0;
  if (!absl::SimpleAtoi(Get(name), &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting ", name, ": '", Get(name), "' is not a whole number"));
  }
  return value;
}

absl::StatusOr<bool> Config::GetBool(std::string_view name_view) const {
  std::string name(name_view);
  bool value = false;
  if (!absl::SimpleAtob(Get(name), &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting ", name, ": '", Get(name), "' is not true or false"));
  }
  return value;
}

absl::StatusOr<absl::Duration> Config::GetDuration(std::string_view name_view) const {
  std::string name(name_view);
  absl::Duration value;
  if (!absl::ParseDuration(Get(name), &value)) {
    return absl::InvalidArgumentError(absl::StrCat("setting ", name, ": '", Get(name),
                                                   "' is not a duration such as 90s, 3m or 24h"));
  }
  return value;
}

absl::StatusOr<std::string> Config::GetSecret(std::string_view name) const {
  const std::string& value = Get(name);
  std::string file_setting = SecretFileSetting(name);
  auto file = values_.find(file_setting);
  if (file == values_.end() || file->second.empty()) return value;
  if (!value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("settings ", std::string(name), " and ",
                                                   file_setting, ": give one, not both"));
  }
  absl::StatusOr<std::string> text = ReadTextFile(file->second);
  if (!text.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting ", file_setting, ": cannot read the file ", file->second));
  }
  // Editors and `echo` end a file with a line break; it is not part of the
  // secret.
  std::string secret = *std::move(text);
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

bool Config::IsSecret(std::string_view name) const {
  for (const Setting& s : settings_) {
    if (s.name == name) return s.secret;
  }
  return false;
}

std::string Config::Usage(std::string_view program) const {
  std::string out = absl::StrCat("Usage: ", std::string(program), " [--name=value ...]\n",
                                 "Each setting is also read from the "
                                 "environment variable shown.\n\n");
  for (const Setting& s : settings_) {
    absl::StrAppendFormat(&out, "  --%s (%s%s, default \"%s\")\n      %s\n", s.name,
                          EnvName(s.name), s.secret ? ", secret: never a flag" : "",
                          s.default_value, s.help);
  }
  return out;
}

}  // namespace fieldservice::common
