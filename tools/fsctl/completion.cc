// `fsctl completion bash`, made from the command table so it never lags
// behind it: the command words, each command's options and the global ones,
// and the fixed choices of positional arguments (report names).
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/str_join.h"
#include "tools/fsctl/command.h"

namespace fieldservice::fsctl {

namespace {

// "--name" of every option, and those that take a value.
void Collect(const po::options_description& options, std::vector<std::string>& names,
             std::set<std::string>& take_value) {
  for (const auto& option : options.options()) {
    const std::string name = "--" + option->long_name();
    names.push_back(name);
    if (option->semantic()->max_tokens() > 0) take_value.insert(name);
  }
}

}  // namespace

std::string BashCompletion(const std::vector<Command>& commands,
                           const po::options_description& global) {
  std::vector<std::string> global_names;
  std::set<std::string> take_value;
  Collect(global, global_names, take_value);
  // What may follow each prefix of command words ("" for none yet).
  std::map<std::string, std::set<std::string>> next_words;
  // A whole command's options, and the choices of its positional arguments.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> offers;
  for (const Command& c : commands) {
    for (size_t i = 0; i < c.words.size(); ++i) {
      std::vector<std::string> prefix(c.words.begin(), c.words.begin() + i);
      next_words[absl::StrJoin(prefix, " ")].insert(c.words[i]);
    }
    po::options_description own;
    if (c.add_options) c.add_options(own);
    auto& [options, choices] = offers[absl::StrJoin(c.words, " ")];
    Collect(own, options, take_value);
    for (const Positional& p : c.positionals) {
      choices.insert(choices.end(), p.choices.begin(), p.choices.end());
    }
  }
  std::ostringstream out;
  out << "# bash completion for fsctl: source <(fsctl completion bash), or save it as\n"
      << "# /etc/bash_completion.d/fsctl.\n"
      << "_fsctl() {\n"
      << "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" i\n"
      << "  local takes_value=\" " << absl::StrJoin(take_value, " ") << " \"\n"
      << "  local global=\"" << absl::StrJoin(global_names, " ") << "\"\n"
      << "  # The command words typed so far: not options, nor their values.\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    case \"${COMP_WORDS[i]}\" in\n"
      << "      -*) ;;\n"
      << "      *) [[ $takes_value == *\" ${COMP_WORDS[i-1]} \"* ]] || path=\"$path "
         "${COMP_WORDS[i]}\" ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  path=\"${path# }\"\n"
      << "  [[ $takes_value == *\" ${COMP_WORDS[COMP_CWORD-1]} \"* ]] && return 0\n"
      << "  local offer=\"\" options=\"\"\n"
      << "  case \"$path\" in\n";
  for (const auto& [prefix, words] : next_words) {
    out << "    \"" << prefix << "\") offer=\"" << absl::StrJoin(words, " ") << "\" ;;\n";
  }
  for (const auto& [words, offer] : offers) {
    out << "    \"" << words << "\" | \"" << words << " \"*) offer=\""
        << absl::StrJoin(offer.second, " ") << "\" options=\"" << absl::StrJoin(offer.first, " ")
        << "\" ;;\n";
  }
  out << "  esac\n"
      << "  [[ $cur == -* ]] && offer=\"$options $global\"\n"
      << "  COMPREPLY=($(compgen -W \"$offer\" -- \"$cur\"))\n"
      << "}\n"
      << "complete -F _fsctl fsctl\n";
  return out.str();
}

}  // namespace fieldservice::fsctl
