#include "services/callback/api/callback_mapping.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/callback/domain/findings.h"
#include "services/common/enum_names.h"
#include "services/common/proto_time.h"

namespace fieldservice::callback::api {
namespace {

constexpr char kNamePrefix[] = "callbacks/";

// The proto enums list the domain's values in the domain's order after
// their UNSPECIFIED zero.
v1::TaskState ToProto(TaskState state) {
  return static_cast<v1::TaskState>(static_cast<int>(state) + 1);
}
v1::AttemptOutcome ToProto(AttemptOutcome outcome) {
  return static_cast<v1::AttemptOutcome>(static_cast<int>(outcome) + 1);
}
v1::CallbackOutcome ToProto(CallbackOutcome outcome) {
  return outcome == CallbackOutcome::kSatisfied ? v1::SATISFIED : v1::NOT_SOLVED;
}

void SetTimeIfSet(absl::Time t, google::protobuf::Timestamp* out) {
  if (t != absl::Time()) common::SetTimestamp(t, out);
}

}  // namespace

std::string KeyOfName(const std::string& name, std::vector<common::FieldViolation>& violations) {
  if (!absl::StartsWith(name, kNamePrefix) || name.size() == sizeof(kNamePrefix) - 1) {
    violations.push_back({"name", "must be callbacks/{order_number}/{visit_number}"});
    return "";
  }
  return name.substr(sizeof(kNamePrefix) - 1);
}

namespace {

// An optional milestone: unset stays unset.
std::optional<absl::Time> OptionalTime(const google::protobuf::Timestamp& t, bool present,
                                       const char* field,
                                       std::vector<common::FieldViolation>& violations) {
  if (!present) return std::nullopt;
  return common::ToTime(t, present, field, violations);
}

std::optional<ComplaintKind> ToComplaintKind(v1::ComplaintKind kind) {
  switch (kind) {
    case v1::COMPLAINT_KIND_UNSPECIFIED:
      return ComplaintKind::kNone;
    case v1::GENERAL:
      return ComplaintKind::kGeneral;
    case v1::CRISIS:
      return ComplaintKind::kCrisis;
    case v1::BATCH_ACCIDENT:
      return ComplaintKind::kBatchAccident;
    default:
      return std::nullopt;
  }
}

v1::ComplaintKind ToProto(ComplaintKind kind) {
  return static_cast<v1::ComplaintKind>(static_cast<int>(kind));
}

VisitCompleted ToVisit(const v1::RecordVisitCompletedRequest& request,
                       std::vector<common::FieldViolation>& violations) {
  VisitCompleted v;
  v.order_number = request.order_number();
  v.visit_number = request.visit_number();
  auto completed = common::ToTime(request.completed_time(), request.has_completed_time(),
                                  "completed_time", violations);
  if (completed) {
    v.completed_at = *completed;
  } else if (!request.has_completed_time()) {
    violations.push_back({"completed_time", "required"});
  }
  v.complaint = request.complaint();
  v.product_model = request.product_model();
  v.region_code = request.region_code();
  v.technician_id = request.technician_id();
  v.outlet_id = request.outlet_id();
  v.brand = request.brand();
  v.category = request.category();
  v.serial = request.serial();
  v.symptom_code = request.symptom_code();
  if (auto kind = ToComplaintKind(request.complaint_kind())) {
    v.complaint_kind = *kind;
  } else {
    violations.push_back({"complaint_kind", "one of GENERAL, CRISIS, BATCH_ACCIDENT"});
  }
  v.received_at = OptionalTime(request.received_time(), request.has_received_time(),
                               "received_time", violations);
  v.assigned_at = OptionalTime(request.assigned_time(), request.has_assigned_time(),
                               "assigned_time", violations);
  v.arrived_at =
      OptionalTime(request.arrived_time(), request.has_arrived_time(), "arrived_time", violations);
  v.promised_by = OptionalTime(request.promised_time(), request.has_promised_time(),
                               "promised_time", violations);
  return v;
}

RecordDetail ToDetail(const v1::RecordDetail& proto) {
  RecordDetail d;
  for (const v1::RecordPart& p : proto.parts()) {
    d.parts.push_back({p.part_id(), p.serial(), p.quantity()});
  }
  for (const v1::RecordFee& f : proto.fees()) {
    d.fees.push_back({f.kind(), f.part_id(), f.amount_fen()});
  }
  d.coverage = proto.coverage();
  d.coverage_reason = proto.coverage_reason();
  return d;
}

}  // namespace

VisitReport ToVisitReport(const v1::RecordVisitCompletedRequest& request,
                          std::vector<common::FieldViolation>& violations) {
  VisitReport r;
  r.visit = ToVisit(request, violations);
  const v1::RepairFacts& facts = request.repair_facts();
  r.facts = {.free_under_warranty = facts.free_under_warranty(),
             .charged_fen = facts.charged_fen(),
             .record_known = facts.record_known(),
             .record_signed = facts.record_signed(),
             .function_test_recorded = facts.function_test_recorded()};
  r.summary = {request.summary().product(), request.summary().fault(),
               request.summary().work_done()};
  r.detail = ToDetail(request.record());
  r.customer = {request.customer().name(), request.customer().phone()};
  return r;
}

std::optional<AttemptOutcome> ToOutcome(v1::AttemptOutcome outcome,
                                        std::vector<common::FieldViolation>& violations) {
  switch (outcome) {
    case v1::NO_ANSWER:
      return AttemptOutcome::kNoAnswer;
    case v1::BUSY:
      return AttemptOutcome::kBusy;
    case v1::WRONG_NUMBER:
      return AttemptOutcome::kWrongNumber;
    case v1::CALL_BACK_LATER:
      return AttemptOutcome::kCallBackLater;
    default:
      violations.push_back({"outcome", "one of NO_ANSWER, BUSY, WRONG_NUMBER, CALL_BACK_LATER"});
      return std::nullopt;
  }
}

void ToProto(const Survey& survey, v1::Survey* out) {
  out->set_survey_id(survey.id);
  out->set_version(survey.version);
  out->set_title(survey.title);
  for (const ScriptLine& line : survey.script) {
    v1::ScriptLine* l = out->add_script();
    l->set_moment(std::string(common::NameOf(kScriptMomentNames, line.moment)));
    l->set_text_zh(line.text_zh);
    l->set_text_en(line.text_en);
  }
  for (const Question& question : survey.questions) {
    v1::Question* q = out->add_questions();
    q->set_key(question.key);
    q->set_text_zh(question.text_zh);
    q->set_text_en(question.text_en);
    q->set_type(std::string(common::NameOf(kQuestionTypeNames, question.type)));
    q->set_required(question.required);
    for (const ChoiceOption& option : question.options) {
      v1::ChoiceOption* o = q->add_options();
      o->set_key(option.key);
      o->set_text_zh(option.text_zh);
      o->set_text_en(option.text_en);
    }
    if (question.finding) {
      q->set_finding(std::string(common::NameOf(kFindingKindNames, *question.finding)));
    }
    q->set_bad_when_yes(question.bad_when_yes);
    q->set_bad_rating_at_most(question.bad_rating_at_most);
    for (const std::string& bad : question.bad_choices) q->add_bad_choices(bad);
  }
}

Survey FromProto(const v1::Survey& proto, std::vector<common::FieldViolation>& violations) {
  Survey s;
  s.id = proto.survey_id();
  s.version = proto.version();
  s.title = proto.title();
  for (int i = 0; i < proto.script_size(); ++i) {
    const v1::ScriptLine& line = proto.script(i);
    auto moment = common::ValueNamed(kScriptMomentNames, line.moment());
    if (!moment) {
      violations.push_back(
          {absl::StrCat("survey.script[", i, "].moment"), "one of OPENING, ON_PROBLEM, CLOSING"});
    }
    s.script.push_back({moment.value_or(ScriptMoment::kOpening), line.text_zh(), line.text_en()});
  }
  for (int i = 0; i < proto.questions_size(); ++i) {
    const v1::Question& q = proto.questions(i);
    const std::string at = absl::StrCat("survey.questions[", i, "]");
    Question question;
    question.key = q.key();
    question.text_zh = q.text_zh();
    question.text_en = q.text_en();
    auto type = common::ValueNamed(kQuestionTypeNames, q.type());
    if (!type) {
      violations.push_back({at + ".type", "one of YES_NO, RATING, CHOICE, AMOUNT, FREE_TEXT"});
    }
    question.type = type.value_or(QuestionType::kYesNo);
    question.required = q.required();
    for (const v1::ChoiceOption& o : q.options()) {
      question.options.push_back({o.key(), o.text_zh(), o.text_en()});
    }
    if (!q.finding().empty()) {
      question.finding = common::ValueNamed(kFindingKindNames, q.finding());
      if (!question.finding) violations.push_back({at + ".finding", "a finding kind, or empty"});
    }
    question.bad_when_yes = q.bad_when_yes();
    question.bad_rating_at_most = q.bad_rating_at_most();
    question.bad_choices.assign(q.bad_choices().begin(), q.bad_choices().end());
    s.questions.push_back(std::move(question));
  }
  return s;
}

void ToProto(const CallbackRecord& record, v1::CallbackTask* out) {
  const CallbackTask& t = record.task;
  const VisitCompleted& v = t.visit;
  out->set_name(absl::StrCat(kNamePrefix, t.key()));
  out->set_key(t.key());
  out->set_order_number(v.order_number);
  out->set_visit_number(v.visit_number);
  common::SetTimestamp(v.completed_at, out->mutable_completed_time());
  out->set_complaint(v.complaint);
  out->set_product_model(v.product_model);
  out->set_region_code(v.region_code);
  out->set_technician_id(v.technician_id);
  out->set_outlet_id(v.outlet_id);
  out->set_brand(v.brand);
  out->set_category(v.category);
  out->set_serial(v.serial);
  out->set_symptom_code(v.symptom_code);
  out->set_complaint_kind(ToProto(v.complaint_kind));
  // mutable_* would make an unset milestone look set: only the set ones.
  if (v.received_at) common::SetTimestamp(*v.received_at, out->mutable_received_time());
  if (v.assigned_at) common::SetTimestamp(*v.assigned_at, out->mutable_assigned_time());
  if (v.arrived_at) common::SetTimestamp(*v.arrived_at, out->mutable_arrived_time());
  if (v.promised_by) common::SetTimestamp(*v.promised_by, out->mutable_promised_time());
  for (const RecordPart& p : record.detail.parts) {
    v1::RecordPart* part = out->mutable_record()->add_parts();
    part->set_part_id(p.part_id);
    part->set_serial(p.serial);
    part->set_quantity(p.quantity);
  }
  for (const RecordFee& f : record.detail.fees) {
    v1::RecordFee* fee = out->mutable_record()->add_fees();
    fee->set_kind(f.kind);
    fee->set_part_id(f.part_id);
    fee->set_amount_fen(f.amount_fen);
  }
  out->mutable_record()->set_coverage(record.detail.coverage);
  out->mutable_record()->set_coverage_reason(record.detail.coverage_reason);
  out->mutable_customer()->set_name(record.customer.name);  // the phone: Answer
  v1::RepairFacts* facts = out->mutable_repair_facts();
  facts->set_free_under_warranty(record.facts.free_under_warranty);
  facts->set_record_known(record.facts.record_known);
  facts->set_charged_fen(record.facts.charged_fen);
  facts->set_record_signed(record.facts.record_signed);
  facts->set_function_test_recorded(record.facts.function_test_recorded);
  v1::OrderSummary* summary = out->mutable_summary();
  summary->set_product(record.summary.product);
  summary->set_fault(record.summary.fault);
  summary->set_work_done(record.summary.work_done);
  common::SetTimestamp(t.earliest_at, out->mutable_earliest_time());
  common::SetTimestamp(t.due_at, out->mutable_due_time());
  out->set_state(ToProto(t.state));
  common::SetTimestamp(t.next_attempt_at, out->mutable_next_attempt_time());
  if (t.state == TaskState::kClaimed) {
    out->set_agent_id(t.agent_id);
    SetTimeIfSet(t.claimed_at, out->mutable_claim_time());
    SetTimeIfSet(t.heartbeat_at, out->mutable_heartbeat_time());
  }
  for (const CallAttempt& a : t.attempts) {
    v1::CallAttempt* attempt = out->add_attempts();
    attempt->set_agent_id(a.agent_id);
    common::SetTimestamp(a.at, attempt->mutable_time());
    attempt->set_outcome(ToProto(a.outcome));
    if (a.call_back_at) common::SetTimestamp(*a.call_back_at, attempt->mutable_call_back_time());
  }
  if (t.give_up_reason != GiveUpReason::kNone) {
    out->set_give_up_reason(std::string(GiveUpReasonName(t.give_up_reason)));
  }
  out->set_order_flagged(t.order_flagged);
  SetTimeIfSet(t.finished_at, out->mutable_finish_time());
  if (record.result) {
    const SurveyResult& r = *record.result;
    out->set_survey_id(r.submitted.survey_id);
    out->set_survey_version(r.submitted.survey_version);
    for (const auto& [key, answer] : r.submitted.answers) (*out->mutable_answers())[key] = answer;
    out->set_outcome(ToProto(r.outcome));
    for (const Finding& f : r.findings) {
      v1::Finding* finding = out->add_findings();
      finding->set_kind(std::string(common::NameOf(kFindingKindNames, f.kind)));
      finding->set_source(std::string(common::NameOf(kFindingSourceNames, f.source)));
      finding->set_question_key(f.question_key);
      finding->set_finding_class(std::string(common::NameOf(kFindingClassNames, ClassOf(f.kind))));
    }
  }
}

std::string EncodeSurvey(const Survey& survey) {
  v1::Survey proto;
  ToProto(survey, &proto);
  return proto.SerializeAsString();
}

absl::StatusOr<Survey> DecodeSurvey(const std::string& bytes) {
  v1::Survey proto;
  if (!proto.ParseFromString(bytes)) return absl::DataLossError("not a serialised Survey");
  std::vector<common::FieldViolation> violations;
  Survey survey = FromProto(proto, violations);
  if (!violations.empty()) {
    return absl::DataLossError(
        absl::StrCat(violations.front().field, ": ", violations.front().description));
  }
  return survey;
}

}  // namespace fieldservice::callback::api
