// One fsctl subcommand: the words that name it, its own options and
// positional arguments (Boost.Program_options), and what it does. main.cc
// holds the table of all of them; the bash completion is made from it too.
#ifndef FIELDSERVICE_TOOLS_FSCTL_COMMAND_H_
#define FIELDSERVICE_TOOLS_FSCTL_COMMAND_H_

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

#include "tools/fsctl/session.h"

namespace fieldservice::fsctl {

namespace po = boost::program_options;

// A positional argument, e.g. NAME of `order get NAME`.
struct Positional {
  std::string name;  // the option it fills, and how usage shows it (upper case)
  std::string help;
  bool required = true;
  std::vector<std::string> choices;  // offered by the bash completion, when a fixed set
};

struct Command {
  std::vector<std::string> words;  // {"order", "create"}
  std::string summary;             // one line for the command list
  std::vector<Positional> positionals;
  // Adds the command's own options (the global ones are added by main).
  std::function<void(po::options_description&)> add_options;
  // Runs it; returns the exit code (exit_codes.h).
  std::function<int(Session&, const po::variables_map&)> run;
};

// The commands of each area, in the order `fsctl --help` lists them.
void AddOrderCommands(std::vector<Command>& commands);
void AddApprovalCommands(std::vector<Command>& commands);
void AddDispatchCommands(std::vector<Command>& commands);
void AddBookingCommands(std::vector<Command>& commands);
// The technician's app steps: `jobs`, `job accept JOB`, ... (job_commands.cc).
void AddJobCommands(std::vector<Command>& commands);
void AddPlanCommands(std::vector<Command>& commands);
void AddFeedCommands(std::vector<Command>& commands);
void AddCallbackCommands(std::vector<Command>& commands);
void AddReportCommands(std::vector<Command>& commands);
void AddHealthCommands(std::vector<Command>& commands);
void AddOutboxCommands(std::vector<Command>& commands);

// `fsctl completion bash`: a bash completion script for `commands`, their
// options and the global options `global`.
std::string BashCompletion(const std::vector<Command>& commands,
                           const po::options_description& global);

}  // namespace fieldservice::fsctl

#endif  // FIELDSERVICE_TOOLS_FSCTL_COMMAND_H_
