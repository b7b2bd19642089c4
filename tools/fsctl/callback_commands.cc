// `fsctl callback claim` and `fsctl callback survey NAME`: the callback
// agent's desk. The survey's questions are the task's own (GetCallback
// carries them), asked one by one at prompts, then submitted together; a
// refused answer is asked again when the answers came from prompts.
#include <iostream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/prompt.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::callback::v1;

std::string Bilingual(const std::string& zh, const std::string& en) {
  return en.empty() ? zh : absl::StrCat(zh, " (", en, ")");
}

Fields TaskFields(const v1::CallbackTask& task) {
  std::vector<std::string> parts;
  for (const v1::RecordPart& p : task.record().parts()) {
    parts.push_back(absl::StrCat(p.part_id(), " x", p.quantity()));
  }
  std::vector<std::string> fees;
  for (const v1::RecordFee& f : task.record().fees()) {
    fees.push_back(absl::StrCat(f.kind(), " ", YuanText(f.amount_fen())));
  }
  return {
      {"Callback", task.name()},
      {"Order", absl::StrCat(task.order_number(), " visit ", task.visit_number())},
      {"State", v1::TaskState_Name(task.state())},
      {"Customer", absl::StrCat(task.customer().name(), "  ", task.customer().phone())},
      {"Product",
       absl::StrCat(task.brand(), " ", task.product_model(), " (", task.category(), ")")},
      {"Complaint", task.complaint() ? v1::ComplaintKind_Name(task.complaint_kind()) : "no"},
      {"Fault", task.summary().fault()},
      {"Work done", task.summary().work_done()},
      {"Parts", absl::StrJoin(parts, ", ")},
      {"Fees", absl::StrJoin(fees, ", ")},
      {"Coverage", absl::StrCat(task.record().coverage(), " ", task.record().coverage_reason())},
      {"Technician", task.technician_id()},
      {"Completed", TimeText(task.completed_time())},
      {"Due", TimeText(task.due_time())}};
}

int Claim(Session& session, const po::variables_map&) {
  auto channel = session.Open("callback");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::CallbackTask task;
  grpc::Status status = v1::Callbacks::NewStub(channel->channel)
                            ->ClaimNextCallback(session.NewCall(*channel).get(),
                                                v1::ClaimNextCallbackRequest(), &task);
  if (!status.ok()) return ReportCallError("callback claim", status, session.json());
  if (session.json()) {
    PrintJson(task);
    return kExitOk;
  }
  PrintFields(std::cout, TaskFields(task));
  std::cout << "\nNext: fsctl callback survey " << task.key() << "\n";
  return kExitOk;
}

// The answer's wire form for `question`, or why `text` does not fit it.
absl::StatusOr<std::string> AnswerOf(const v1::Question& question, const std::string& text) {
  if (text.empty()) {
    if (question.required()) return absl::InvalidArgumentError("an answer is required");
    return text;
  }
  if (question.type() == "YES_NO") {
    absl::StatusOr<bool> yes = ParseYesNo(text);
    if (!yes.ok()) return yes.status();
    return std::string(*yes ? "yes" : "no");
  }
  if (question.type() == "RATING") {
    int rating = 0;
    if (!absl::SimpleAtoi(text, &rating) || rating < 1 || rating > 5) {
      return absl::InvalidArgumentError(absl::StrCat("'", text, "': a rating from 1 to 5"));
    }
    return absl::StrCat(rating);
  }
  if (question.type() == "CHOICE") {
    for (const v1::ChoiceOption& option : question.options()) {
      if (option.key() == text) return text;
    }
    return absl::InvalidArgumentError(absl::StrCat("'", text, "': answer one of the keys"));
  }
  if (question.type() == "AMOUNT") {  // asked in yuan, sent in fen
    absl::StatusOr<int64_t> fen = ParseYuan(text);
    if (!fen.ok()) return fen.status();
    return absl::StrCat(*fen);
  }
  return text;
}

std::string QuestionText(const v1::Question& q, int number, int count) {
  std::string hint;
  if (q.type() == "YES_NO") hint = "yes, no";
  if (q.type() == "RATING") hint = "1 to 5, 5 best";
  if (q.type() == "AMOUNT") hint = "in yuan, e.g. 30 or 30.50";
  if (q.type() == "CHOICE") {
    std::vector<std::string> keys;
    for (const v1::ChoiceOption& o : q.options()) keys.push_back(o.key() + " " + o.text_zh());
    hint = absl::StrJoin(keys, ", ");
  }
  if (!q.required()) hint += hint.empty() ? "empty: skip" : "; empty: skip";
  return absl::StrCat("[", number, "/", count, "] ", Bilingual(q.text_zh(), q.text_en()),
                      hint.empty() ? "" : " (" + hint + ")");
}

// Asks question `index`; false at the end of the input (reported).
bool AskQuestion(Prompter& prompter, const v1::Survey& survey, int index,
                 google::protobuf::Map<std::string, std::string>& answers) {
  const v1::Question& q = survey.questions(index);
  bool answered = prompter.AskUntil(QuestionText(q, index + 1, survey.questions_size()), "",
                                    [&](const std::string& text) {
                                      absl::StatusOr<std::string> answer = AnswerOf(q, text);
                                      if (!answer.ok()) return answer.status();
                                      if (answer->empty()) {
                                        answers.erase(q.key());
                                      } else {
                                        answers[q.key()] = *answer;
                                      }
                                      return absl::OkStatus();
                                    });
  if (!answered) ReportUsageError("callback survey: the input ended before '" + q.key() + "'");
  return answered;
}

void SayScript(Prompter& prompter, const v1::Survey& survey, const std::string& moment) {
  for (const v1::ScriptLine& line : survey.script()) {
    if (line.moment() == moment) prompter.Say("  » " + Bilingual(line.text_zh(), line.text_en()));
  }
}

void PrintOutcome(const v1::CallbackTask& task) {
  PrintFields(std::cout, {{"Callback", task.name()},
                          {"State", v1::TaskState_Name(task.state())},
                          {"Outcome", v1::CallbackOutcome_Name(task.outcome())}});
  if (task.findings_size() == 0) return;
  std::cout << "\nFindings:\n";
  Table table({"KIND", "CLASS", "SOURCE", "QUESTION"});
  for (const v1::Finding& f : task.findings()) {
    table.Add({f.kind(), f.finding_class(), f.source(), f.question_key()});
  }
  table.Print(std::cout);
}

int Survey(Session& session, const po::variables_map& values) {
  auto channel = session.Open("callback");
  if (!channel.ok()) return ReportUsageError(channel.status());
  auto stub = v1::Callbacks::NewStub(channel->channel);
  v1::GetCallbackRequest get;
  get.set_name(ResourceName("callbacks", values["NAME"].as<std::string>()));
  v1::CallbackTask task;
  grpc::Status status = stub->GetCallback(session.NewCall(*channel).get(), get, &task);
  if (!status.ok()) return ReportCallError("callback survey", status, session.json());
  const v1::Survey& survey = task.survey();

  v1::SubmitSurveyRequest request;
  request.set_name(task.name());
  request.set_survey_id(survey.survey_id());
  request.set_survey_version(survey.version());
  auto& answers = *request.mutable_answers();
  std::map<std::string, bool> given;
  if (values.count("answer")) {
    for (const std::string& pair : values["answer"].as<std::vector<std::string>>()) {
      const size_t eq = pair.find('=');
      if (eq == std::string::npos) {
        return ReportUsageError("callback survey: --answer: '" + pair + "' is not KEY=VALUE");
      }
      answers[pair.substr(0, eq)] = pair.substr(eq + 1);
      given[pair.substr(0, eq)] = true;
    }
  }
  const bool prompting = session.prompt() || StdinIsTerminal();
  Prompter prompter;
  if (prompting) {
    prompter.Say(absl::StrCat(survey.title(), " (", survey.survey_id(), " v", survey.version(),
                              ") for ", task.customer().name(), " ", task.customer().phone()));
    SayScript(prompter, survey, "OPENING");
    for (int i = 0; i < survey.questions_size(); ++i) {
      if (given.count(survey.questions(i).key())) continue;
      if (!AskQuestion(prompter, survey, i, answers)) return kExitUsage;
    }
    SayScript(prompter, survey, "CLOSING");
  }
  while (true) {
    v1::CallbackTask done;
    status = stub->SubmitSurvey(session.NewCall(*channel).get(), request, &done);
    if (status.ok()) {
      session.json() ? PrintJson(done) : PrintOutcome(done);
      return kExitOk;
    }
    const int code = ReportCallError("callback survey", status, session.json());
    if (!prompting || status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) return code;
    bool asked = false;
    for (const Violation& v : FieldViolationsOf(status)) {
      for (int i = 0; i < survey.questions_size(); ++i) {
        if (v.field != absl::StrCat("answers[\"", survey.questions(i).key(), "\"]")) continue;
        if (!AskQuestion(prompter, survey, i, answers)) return code;
        asked = true;
      }
    }
    if (!asked) return code;
  }
}

}  // namespace

void AddCallbackCommands(std::vector<Command>& commands) {
  commands.push_back({{"callback", "claim"},
                      "claim the most urgent callback and show what to read before calling",
                      {},
                      nullptr,
                      Claim});
  commands.push_back({{"callback", "survey"},
                      "ask the claimed callback's survey at prompts, then submit the answers",
                      {{"NAME", "the callback: its key, or callbacks/KEY", true, {}}},
                      [](po::options_description& options) {
                        options.add_options()(
                            "answer", po::value<std::vector<std::string>>()->composing(),
                            "KEY=VALUE, an answer given up front (repeatable; AMOUNT in fen)");
                      },
                      Survey});
}

}  // namespace fieldservice::fsctl
