// Reads a tool's command line with Boost.Program_options the same way for
// every tool: --help prints the options, a bad option prints why and them.
#ifndef FIELDSERVICE_TOOLS_COMMAND_LINE_H_
#define FIELDSERVICE_TOOLS_COMMAND_LINE_H_

#include <boost/program_options.hpp>

namespace fieldservice::tools {

// Fills `values` from argv. False when the tool should exit now, with
// `*exit_code` 0 (--help) or 2 (a bad command line, explained on stderr).
bool ReadCommandLine(const char* tool, int argc, char** argv,
                     const boost::program_options::options_description& description,
                     boost::program_options::variables_map* values, int* exit_code);

// The same with positional arguments: `positional` maps them to options of
// `description` (e.g. vrptw_solve's INSTANCE to --instance).
bool ReadCommandLine(const char* tool, int argc, char** argv,
                     const boost::program_options::options_description& description,
                     const boost::program_options::positional_options_description& positional,
                     boost::program_options::variables_map* values, int* exit_code);

}  // namespace fieldservice::tools

#endif  // FIELDSERVICE_TOOLS_COMMAND_LINE_H_
