#include "tools/fsctl/prompt.h"

#include <unistd.h>

#include "absl/strings/ascii.h"

namespace fieldservice::fsctl {

bool StdinIsTerminal() { return ::isatty(STDIN_FILENO) == 1; }

Prompter::Prompter(std::istream& in, std::ostream& out)
    : in_(in), out_(out), echo_(!StdinIsTerminal()) {}

std::optional<std::string> Prompter::Ask(std::string_view question,
                                         std::string_view default_answer) {
  out_ << question;
  if (!default_answer.empty()) out_ << " [" << default_answer << "]";
  out_ << ": " << std::flush;
  std::string line;
  if (!std::getline(in_, line)) {
    out_ << "\n";
    return std::nullopt;
  }
  std::string answer(absl::StripAsciiWhitespace(line));
  if (echo_) out_ << answer << "\n";
  if (answer.empty()) answer = std::string(default_answer);
  return answer;
}

bool Prompter::AskUntil(std::string_view question, std::string_view default_answer,
                        const std::function<absl::Status(const std::string&)>& accept) {
  while (true) {
    std::optional<std::string> answer = Ask(question, default_answer);
    if (!answer.has_value()) return false;
    absl::Status accepted = accept(*answer);
    if (accepted.ok()) return true;
    out_ << "  " << accepted.message() << "\n";
  }
}

void Prompter::Say(std::string_view line) { out_ << line << "\n"; }

}  // namespace fieldservice::fsctl
