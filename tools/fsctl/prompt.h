// Questions at prompts, for what the command line left out. Prompts go to
// stderr (stdout stays the command's output, e.g. --json), answers are read
// a line at a time from stdin, so a script can feed them through a pipe;
// then each answer is echoed after its prompt, keeping the log readable.
#ifndef FIELDSERVICE_TOOLS_FSCTL_PROMPT_H_
#define FIELDSERVICE_TOOLS_FSCTL_PROMPT_H_

#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fieldservice::fsctl {

// Whether stdin is a terminal (a person at the keyboard).
bool StdinIsTerminal();

class Prompter {
 public:
  Prompter(std::istream& in = std::cin, std::ostream& out = std::cerr);

  // The answer to `question`, trimmed; `default_answer` for an empty line
  // (shown in brackets). nullopt at the end of the input.
  std::optional<std::string> Ask(std::string_view question, std::string_view default_answer = "");

  // Asks until `accept` takes the answer (OK), saying why not each time it
  // does not. False at the end of the input.
  bool AskUntil(std::string_view question, std::string_view default_answer,
                const std::function<absl::Status(const std::string&)>& accept);

  // Prints a line between prompts (a heading, the read-back).
  void Say(std::string_view line);

 private:
  std::istream& in_;
  std::ostream& out_;
  const bool echo_;
};

}  // namespace fieldservice::fsctl

#endif  // FIELDSERVICE_TOOLS_FSCTL_PROMPT_H_
