#include "tools/command_line.h"

#include <iostream>

namespace fieldservice::tools {

namespace po = boost::program_options;

bool ReadCommandLine(const char* tool, int argc, char** argv,
                     const po::options_description& description, po::variables_map* values,
                     int* exit_code) {
  try {
    po::store(po::parse_command_line(argc, argv, description), *values);
    if (values->count("help")) {
      std::cout << description << "\n";
      *exit_code = 0;
      return false;
    }
    po::notify(*values);
  } catch (const po::error& e) {
    std::cerr << tool << ": " << e.what() << "\n" << description << "\n";
    *exit_code = 2;
    return false;
  }
  return true;
}

}  // namespace fieldservice::tools
