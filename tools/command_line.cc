#include "tools/command_line.h"

#include <iostream>

namespace fieldservice::tools {

namespace po = boost::program_options;

namespace {

// `parse` is run inside the try: Boost reports a bad command line by throwing.
template <typename Parse>
bool Read(const char* tool, const po::options_description& description, Parse parse,
          po::variables_map* values, int* exit_code) {
  try {
    po::store(parse(), *values);
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

}  // namespace

bool ReadCommandLine(const char* tool, int argc, char** argv,
                     const po::options_description& description, po::variables_map* values,
                     int* exit_code) {
  return Read(
      tool, description, [&] { return po::parse_command_line(argc, argv, description); }, values,
      exit_code);
}

bool ReadCommandLine(const char* tool, int argc, char** argv,
                     const po::options_description& description,
                     const po::positional_options_description& positional,
                     po::variables_map* values, int* exit_code) {
  return Read(
      tool, description,
      [&] {
        return po::command_line_parser(argc, argv)
            .options(description)
            .positional(positional)
            .run();
      },
      values, exit_code);
}

}  // namespace fieldservice::tools
