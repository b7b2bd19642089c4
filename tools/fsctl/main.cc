// fsctl: the operators' command line over the services' gRPC APIs (README
// "fsctl, the operators' command line"). `fsctl [global options] COMMAND
// [arguments] [options]`; the global options may also follow the command.
//
// The command line is read twice with Boost.Program_options: first with the
// global options only, to find the command words among the positional
// arguments; then with the global and the command's own options, so a
// misspelt option is refused (exit 2) naming it.
#include <algorithm>
#include <clocale>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/session.h"

namespace {

namespace po = boost::program_options;
using fieldservice::fsctl::Command;
using fieldservice::fsctl::Session;

constexpr char kExitCodes[] =
    "Exit codes: 0 ok; 1 other failure; 2 bad command line (or an unusable file or setting);\n"
    "3 the server refused the input (INVALID_ARGUMENT, FAILED_PRECONDITION: each field named);\n"
    "4 not found; 5 permission denied or not authenticated; 6 unavailable or timed out;\n"
    "7 (outbox) a service's outbox has parked messages or a backlog too old.\n";

// "order get NAME": the words and the positional arguments.
std::string Synopsis(const Command& command) {
  std::string synopsis = absl::StrJoin(command.words, " ");
  for (const auto& p : command.positionals) {
    synopsis += p.required ? " " + p.name : " [" + p.name + "]";
  }
  return synopsis;
}

std::string Usage(const Command& command) {
  return "usage: fsctl " + Synopsis(command) + " [options]";
}

po::options_description OwnOptions(const Command& command) {
  po::options_description own("Options of fsctl " + absl::StrJoin(command.words, " "));
  if (command.add_options) command.add_options(own);
  return own;
}

void PrintCommandHelp(std::ostream& out, const Command& command,
                      const po::options_description& global) {
  out << Usage(command) << "\n" << command.summary << "\n";
  for (const auto& p : command.positionals) out << "  " << p.name << "  " << p.help << "\n";
  po::options_description own = OwnOptions(command);
  if (!own.options().empty()) out << "\n" << own;
  out << "\n" << global << "\n" << kExitCodes;
}

// The commands whose words start with `prefix` (all for an empty one).
void PrintCommands(std::ostream& out, const std::vector<Command>& commands,
                   const std::vector<std::string>& prefix = {}) {
  fieldservice::fsctl::Table table({"  COMMAND", "WHAT IT DOES"});
  for (const Command& c : commands) {
    if (c.words.size() < prefix.size() ||
        !std::equal(prefix.begin(), prefix.end(), c.words.begin())) {
      continue;
    }
    table.Add({"  " + Synopsis(c), c.summary});
  }
  table.Print(out);
}

void PrintGeneralHelp(std::ostream& out, const std::vector<Command>& commands,
                      const po::options_description& global) {
  out << "usage: fsctl [global options] COMMAND [arguments] [options]\n\nCommands:\n";
  PrintCommands(out, commands);
  out << "\n`fsctl COMMAND --help` shows a command's options.\n\n" << global << "\n" << kExitCodes;
}

// The positional arguments before any command's options are known: the
// command words come first among them.
std::vector<std::string> PositionalWords(int argc, char** argv,
                                         const po::options_description& global) {
  po::options_description first;
  first.add(global).add_options()("words", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("words", -1);
  po::parsed_options parsed = po::command_line_parser(argc, argv)
                                  .options(first)
                                  .positional(positional)
                                  .allow_unregistered()
                                  .run();
  std::vector<std::string> words;
  for (const po::option& o : parsed.options) {
    if (o.string_key == "words") words.insert(words.end(), o.value.begin(), o.value.end());
  }
  return words;
}

// The command whose words start `words` (the longest such).
const Command* FindCommand(const std::vector<Command>& commands,
                           const std::vector<std::string>& words) {
  const Command* found = nullptr;
  for (const Command& c : commands) {
    if (c.words.size() > words.size()) continue;
    if (!std::equal(c.words.begin(), c.words.end(), words.begin())) continue;
    if (found == nullptr || c.words.size() > found->words.size()) found = &c;
  }
  return found;
}

int Run(int argc, char** argv, const std::vector<Command>& commands,
        const po::options_description& global) {
  std::vector<std::string> words = PositionalWords(argc, argv, global);
  const Command* command = FindCommand(commands, words);
  if (command == nullptr) {
    bool help = false;
    for (int i = 1; i < argc; ++i) {
      help |= std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h";
    }
    if (words.empty() && help) {
      PrintGeneralHelp(std::cout, commands, global);
      return fieldservice::fsctl::kExitOk;
    }
    // "fsctl order" or "fsctl order frobnicate": the order commands.
    std::vector<std::string> area;
    for (const Command& c : commands) {
      if (!words.empty() && c.words[0] == words[0]) area = {words[0]};
    }
    std::cerr << (words.empty() ? "fsctl: no command given"
                                : "fsctl: unknown command '" + absl::StrJoin(words, " ") + "'")
              << "; the commands are:\n";
    PrintCommands(std::cerr, commands, area);
    std::cerr << "`fsctl --help` says more.\n";
    return fieldservice::fsctl::kExitUsage;
  }

  po::options_description all;
  all.add(global).add(OwnOptions(*command));
  all.add_options()("command-words", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("command-words", static_cast<int>(command->words.size()));
  for (const auto& p : command->positionals) {
    all.add_options()(p.name.c_str(), po::value<std::string>());
    positional.add(p.name.c_str(), 1);
  }
  po::variables_map values;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              values);
    if (values.count("help")) {
      PrintCommandHelp(std::cout, *command, global);
      return fieldservice::fsctl::kExitOk;
    }
    // A token given on the command line, of either kind, wins over both
    // kinds in the environment.
    const bool token_given = values.count("token") > 0 || values.count("token-file") > 0;
    po::store(
        po::parse_environment(all,
                              [token_given](const std::string& variable) {
                                const std::string option = Session::OptionOfEnvironment(variable);
                                if (token_given && (option == "token" || option == "token-file")) {
                                  return std::string();
                                }
                                return option;
                              }),
        values);
    po::notify(values);
  } catch (const po::error& e) {
    std::cerr << "fsctl: " << absl::StrJoin(command->words, " ") << ": " << e.what() << "\n"
              << Usage(*command) << " (fsctl " << absl::StrJoin(command->words, " ")
              << " --help)\n";
    return fieldservice::fsctl::kExitUsage;
  }
  for (const auto& p : command->positionals) {
    if (p.required && !values.count(p.name)) {
      std::cerr << "fsctl: " << absl::StrJoin(command->words, " ") << ": " << p.name
                << " is required (" << p.help << ")\n"
                << Usage(*command) << "\n";
      return fieldservice::fsctl::kExitUsage;
    }
  }
  auto session = Session::FromOptions(values);
  if (!session.ok()) return fieldservice::fsctl::ReportUsageError(session.status());
  return command->run(*session, values);
}

}  // namespace

int main(int argc, char** argv) {
  // Character widths for aligned tables (Chinese characters take two columns).
  if (std::setlocale(LC_CTYPE, "C.UTF-8") == nullptr) std::setlocale(LC_CTYPE, "");
  std::vector<Command> commands;
  fieldservice::fsctl::AddOrderCommands(commands);
  fieldservice::fsctl::AddApprovalCommands(commands);
  fieldservice::fsctl::AddDispatchCommands(commands);
  fieldservice::fsctl::AddBookingCommands(commands);
  fieldservice::fsctl::AddJobCommands(commands);
  fieldservice::fsctl::AddPlanCommands(commands);
  fieldservice::fsctl::AddFeedCommands(commands);
  fieldservice::fsctl::AddCallbackCommands(commands);
  fieldservice::fsctl::AddReportCommands(commands);
  fieldservice::fsctl::AddHealthCommands(commands);
  fieldservice::fsctl::AddOutboxCommands(commands);
  const po::options_description global = Session::Options();
  commands.push_back({{"completion", "bash"},
                      "print a bash completion script (source <(fsctl completion bash))",
                      {},
                      nullptr,
                      [&](Session&, const po::variables_map&) {
                        std::cout << fieldservice::fsctl::BashCompletion(commands, global);
                        return static_cast<int>(fieldservice::fsctl::kExitOk);
                      }});
  try {
    return Run(argc, argv, commands, global);
  } catch (const po::error& e) {
    return fieldservice::fsctl::ReportUsageError(e.what());
  }
}
