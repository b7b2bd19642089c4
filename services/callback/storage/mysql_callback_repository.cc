#include "services/callback/storage/mysql_callback_repository.h"

#include <optional>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/callback/domain/outcome_report.h"
#include "services/common/outbox.h"
#include "services/common/sql.h"

namespace fieldservice::callback {
namespace {

using common::Statement;

constexpr char kSelectTask[] =
    "SELECT task_key, order_number, visit_number, completed_at, complaint, product_model,"
    " region_code, technician_id, outlet_id, free_under_warranty, charged_fen, record_signed,"
    " function_test_recorded, product, fault, work_done, earliest_at, due_at, state,"
    " next_attempt_at, agent_id, claimed_at, heartbeat_at, claimed_from, give_up_reason,"
    " order_flagged, finished_at, survey_id, survey_version, outcome, brand, category, serial,"
    " symptom_code, complaint_kind, received_at, assigned_at, arrived_at, promised_by,"
    " record_known, coverage, coverage_reason, customer_name, customer_phone"
    " FROM callback_tasks WHERE task_key = ?";

// The enum whose name (by `name_of`) is `text`; the enums of callback_task.h
// number their values from 0 to `last`. A name this build does not know is
// DATA_LOSS (common::UnreadableValue), never a silent default.
template <typename Enum>
Enum Named(const std::string& text, Enum last, std::string_view (*name_of)(Enum),
           const char* column) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    if (name_of(static_cast<Enum>(i)) == text) return static_cast<Enum>(i);
  }
  throw common::UnreadableValue(column);
}

template <typename Enum, size_t N>
Enum Named(const std::string& text, const common::EnumName<Enum> (&table)[N], const char* column) {
  auto value = common::ValueNamed(table, text);
  if (!value) throw common::UnreadableValue(column);
  return *value;
}

// Times the task has not reached yet are the zero time in the domain and
// NULL in the table.
std::optional<absl::Time> Stored(absl::Time t) {
  if (t == absl::Time()) return std::nullopt;
  return t;
}
absl::Time Unstored(std::optional<absl::Time> t) { return t.value_or(absl::Time()); }

CallbackRecord ReadTask(sql::ResultSet& rs) {
  CallbackRecord r;
  CallbackTask& t = r.task;
  VisitCompleted& v = t.visit;
  v.order_number = common::GetString(rs, "order_number");
  v.visit_number = rs.getInt64("visit_number");
  v.completed_at = common::GetTime(rs, "completed_at");
  v.complaint = rs.getBoolean("complaint");
  v.product_model = common::GetString(rs, "product_model");
  v.region_code = common::GetString(rs, "region_code");
  v.technician_id = common::GetString(rs, "technician_id");
  v.outlet_id = common::GetString(rs, "outlet_id");
  r.facts.free_under_warranty = rs.getBoolean("free_under_warranty");
  r.facts.charged_fen = rs.getInt64("charged_fen");
  v.brand = common::GetString(rs, "brand");
  v.category = common::GetString(rs, "category");
  v.serial = common::GetString(rs, "serial");
  v.symptom_code = common::GetString(rs, "symptom_code");
  v.complaint_kind =
      Named(common::GetString(rs, "complaint_kind"), kComplaintKindNames, "complaint_kind");
  v.received_at = common::GetOptionalTime(rs, "received_at");
  v.assigned_at = common::GetOptionalTime(rs, "assigned_at");
  v.arrived_at = common::GetOptionalTime(rs, "arrived_at");
  v.promised_by = common::GetOptionalTime(rs, "promised_by");
  r.facts.record_known = rs.getBoolean("record_known");
  r.detail.coverage = common::GetString(rs, "coverage");
  r.detail.coverage_reason = common::GetString(rs, "coverage_reason");
  r.customer.name = common::GetString(rs, "customer_name");
  r.customer.phone = common::GetString(rs, "customer_phone");
  r.facts.record_signed = rs.getBoolean("record_signed");
  r.facts.function_test_recorded = rs.getBoolean("function_test_recorded");
  r.summary.product = common::GetString(rs, "product");
  r.summary.fault = common::GetString(rs, "fault");
  r.summary.work_done = common::GetString(rs, "work_done");
  t.earliest_at = common::GetTime(rs, "earliest_at");
  t.due_at = common::GetTime(rs, "due_at");
  t.state = Named(common::GetString(rs, "state"), TaskState::kCancelled, TaskStateName, "state");
  t.next_attempt_at = common::GetTime(rs, "next_attempt_at");
  t.agent_id = common::GetString(rs, "agent_id");
  t.claimed_at = Unstored(common::GetOptionalTime(rs, "claimed_at"));
  t.heartbeat_at = Unstored(common::GetOptionalTime(rs, "heartbeat_at"));
  t.claimed_from = Named(common::GetString(rs, "claimed_from"), TaskState::kCancelled,
                         TaskStateName, "claimed_from");
  t.give_up_reason = Named(common::GetString(rs, "give_up_reason"),
                           GiveUpReason::kPostponedTooOften, GiveUpReasonName, "give_up_reason");
  t.order_flagged = rs.getBoolean("order_flagged");
  t.finished_at = Unstored(common::GetOptionalTime(rs, "finished_at"));
  auto outcome = common::GetOptionalString(rs, "outcome");
  if (outcome) {
    SurveyResult result;
    result.outcome = Named(*outcome, kCallbackOutcomeNames, "outcome");
    result.submitted.survey_id = common::GetString(rs, "survey_id");
    result.submitted.survey_version = rs.getInt("survey_version");
    r.result = std::move(result);
  }
  return r;
}

// The task with `key` and its child rows, locked when `lock`; nullopt when
// there is none.
std::optional<CallbackRecord> Load(sql::Connection& c, const std::string& key, bool lock) {
  auto rs = Statement(c, absl::StrCat(kSelectTask, lock ? " FOR UPDATE" : "")).Bind(key).Query();
  if (!rs->next()) return std::nullopt;
  CallbackRecord r = ReadTask(*rs);
  auto calls = Statement(c,
                         "SELECT agent_id, called_at, outcome, call_back_at FROM callback_attempts"
                         " WHERE task_key = ? ORDER BY seq")
                   .Bind(key)
                   .Query();
  while (calls->next()) {
    CallAttempt a;
    a.agent_id = common::GetString(*calls, "agent_id");
    a.at = common::GetTime(*calls, "called_at");
    a.outcome = Named(common::GetString(*calls, "outcome"), AttemptOutcome::kCallBackLater,
                      AttemptOutcomeName, "outcome");
    a.call_back_at = common::GetOptionalTime(*calls, "call_back_at");
    r.task.attempts.push_back(std::move(a));
  }
  auto parts = Statement(c,
                         "SELECT part_id, serial, quantity FROM callback_record_parts"
                         " WHERE task_key = ? ORDER BY seq")
                   .Bind(key)
                   .Query();
  while (parts->next()) {
    r.detail.parts.push_back({common::GetString(*parts, "part_id"),
                              common::GetString(*parts, "serial"), parts->getInt64("quantity")});
  }
  auto fees = Statement(c,
                        "SELECT kind, part_id, amount_fen FROM callback_record_fees"
                        " WHERE task_key = ? ORDER BY seq")
                  .Bind(key)
                  .Query();
  while (fees->next()) {
    r.detail.fees.push_back({common::GetString(*fees, "kind"), common::GetString(*fees, "part_id"),
                             fees->getInt64("amount_fen")});
  }
  if (r.result) {
    auto answers =
        Statement(c, "SELECT question_key, answer FROM callback_answers WHERE task_key = ?")
            .Bind(key)
            .Query();
    while (answers->next()) {
      r.result->submitted.answers[common::GetString(*answers, "question_key")] =
          common::GetString(*answers, "answer");
    }
    auto findings = Statement(c,
                              "SELECT kind, source, question_key FROM callback_findings"
                              " WHERE task_key = ? ORDER BY seq")
                        .Bind(key)
                        .Query();
    while (findings->next()) {
      Finding f;
      f.kind = Named(common::GetString(*findings, "kind"), kFindingKindNames, "kind");
      f.source = Named(common::GetString(*findings, "source"), kFindingSourceNames, "source");
      f.question_key = common::GetString(*findings, "question_key");
      r.result->findings.push_back(std::move(f));
    }
  }
  return r;
}

absl::Status NotFound(const std::string& key) {
  return absl::NotFoundError(absl::StrCat("callbacks/", key, " does not exist"));
}

void Insert(sql::Connection& c, const CallbackRecord& r) {
  const CallbackTask& t = r.task;
  const VisitCompleted& v = t.visit;
  Statement(c,
            "INSERT INTO callback_tasks (task_key, order_number, visit_number, completed_at,"
            " complaint, product_model, region_code, technician_id, outlet_id,"
            " free_under_warranty, charged_fen, record_signed, function_test_recorded, product,"
            " fault, work_done, earliest_at, due_at, state, next_attempt_at, claimed_from,"
            " give_up_reason, order_flagged, brand, category, serial, symptom_code,"
            " complaint_kind, received_at, assigned_at, arrived_at, promised_by, record_known,"
            " coverage, coverage_reason, customer_name, customer_phone)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .Bind(t.key())
      .Bind(v.order_number)
      .Bind(v.visit_number)
      .Bind(v.completed_at)
      .Bind(v.complaint)
      .Bind(v.product_model)
      .Bind(v.region_code)
      .Bind(v.technician_id)
      .Bind(v.outlet_id)
      .Bind(r.facts.free_under_warranty)
      .Bind(r.facts.charged_fen)
      .Bind(r.facts.record_signed)
      .Bind(r.facts.function_test_recorded)
      .Bind(r.summary.product)
      .Bind(r.summary.fault)
      .Bind(r.summary.work_done)
      .Bind(t.earliest_at)
      .Bind(t.due_at)
      .Bind(std::string(TaskStateName(t.state)))
      .Bind(t.next_attempt_at)
      .Bind(std::string(TaskStateName(t.claimed_from)))
      .Bind(std::string(GiveUpReasonName(t.give_up_reason)))
      .Bind(t.order_flagged)
      .Bind(v.brand)
      .Bind(v.category)
      .Bind(v.serial)
      .Bind(v.symptom_code)
      .Bind(std::string(common::NameOf(kComplaintKindNames, v.complaint_kind)))
      .Bind(v.received_at)
      .Bind(v.assigned_at)
      .Bind(v.arrived_at)
      .Bind(v.promised_by)
      .Bind(r.facts.record_known)
      .Bind(r.detail.coverage)
      .Bind(r.detail.coverage_reason)
      .Bind(r.customer.name)
      .Bind(r.customer.phone)
      .Execute();
  for (size_t i = 0; i < r.detail.parts.size(); ++i) {
    const RecordPart& p = r.detail.parts[i];
    Statement(c,
              "INSERT INTO callback_record_parts (task_key, seq, part_id, serial, quantity)"
              " VALUES (?, ?, ?, ?, ?)")
        .Bind(t.key())
        .Bind(static_cast<int64_t>(i + 1))
        .Bind(p.part_id)
        .Bind(p.serial)
        .Bind(p.quantity)
        .Execute();
  }
  for (size_t i = 0; i < r.detail.fees.size(); ++i) {
    const RecordFee& f = r.detail.fees[i];
    Statement(c,
              "INSERT INTO callback_record_fees (task_key, seq, kind, part_id, amount_fen)"
              " VALUES (?, ?, ?, ?, ?)")
        .Bind(t.key())
        .Bind(static_cast<int64_t>(i + 1))
        .Bind(f.kind)
        .Bind(f.part_id)
        .Bind(f.amount_fen)
        .Execute();
  }
}

// Writes what a change may change: the state and claim, the calls added
// after `before`'s, and the survey's result when it is new.
void Store(sql::Connection& c, const CallbackRecord& before, const CallbackRecord& after) {
  const CallbackTask& t = after.task;
  const std::string key = t.key();
  std::optional<std::string> survey_id, outcome;
  std::optional<int64_t> survey_version;
  if (after.result) {
    survey_id = after.result->submitted.survey_id;
    survey_version = after.result->submitted.survey_version;
    outcome = std::string(common::NameOf(kCallbackOutcomeNames, after.result->outcome));
  }
  Statement(c,
            "UPDATE callback_tasks SET state = ?, next_attempt_at = ?, agent_id = ?,"
            " claimed_at = ?, heartbeat_at = ?, claimed_from = ?, give_up_reason = ?,"
            " order_flagged = ?, finished_at = ?, survey_id = ?, survey_version = ?, outcome = ?"
            " WHERE task_key = ?")
      .Bind(std::string(TaskStateName(t.state)))
      .Bind(t.next_attempt_at)
      .Bind(t.agent_id)
      .Bind(Stored(t.claimed_at))
      .Bind(Stored(t.heartbeat_at))
      .Bind(std::string(TaskStateName(t.claimed_from)))
      .Bind(std::string(GiveUpReasonName(t.give_up_reason)))
      .Bind(t.order_flagged)
      .Bind(Stored(t.finished_at))
      .Bind(survey_id)
      .Bind(survey_version)
      .Bind(outcome)
      .Bind(key)
      .Execute();
  for (size_t i = before.task.attempts.size(); i < t.attempts.size(); ++i) {
    const CallAttempt& a = t.attempts[i];
    Statement(c,
              "INSERT INTO callback_attempts (task_key, seq, agent_id, called_at, outcome,"
              " call_back_at) VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(key)
        .Bind(static_cast<int64_t>(i + 1))
        .Bind(a.agent_id)
        .Bind(a.at)
        .Bind(std::string(AttemptOutcomeName(a.outcome)))
        .Bind(a.call_back_at)
        .Execute();
  }
  if (after.result && !before.result) {
    for (const auto& [question, answer] : after.result->submitted.answers) {
      Statement(c, "INSERT INTO callback_answers (task_key, question_key, answer) VALUES (?, ?, ?)")
          .Bind(key)
          .Bind(question)
          .Bind(answer)
          .Execute();
    }
    int64_t seq = 0;
    for (const Finding& f : after.result->findings) {
      Statement(c,
                "INSERT INTO callback_findings (task_key, seq, kind, source, question_key)"
                " VALUES (?, ?, ?, ?, ?)")
          .Bind(key)
          .Bind(++seq)
          .Bind(std::string(common::NameOf(kFindingKindNames, f.kind)))
          .Bind(std::string(common::NameOf(kFindingSourceNames, f.source)))
          .Bind(f.question_key)
          .Execute();
    }
  }
}

// Locks the record, applies `change` and stores the result with the
// messages the change owes (outcome_report.h); `missing` when there is no
// such record.
absl::StatusOr<CallbackRecord> LockAndChange(sql::Connection& c, const std::string& key,
                                             const RecordChange& change, absl::Time now,
                                             absl::Status missing) {
  const std::optional<CallbackRecord> before = Load(c, key, /*lock=*/true);
  if (!before) return missing;
  auto after = change(*before);
  if (!after.ok()) return after.status();
  Store(c, *before, *after);
  for (const OwedMessage& m : OwedBy(*before, *after)) {
    common::EnqueueMessage(c, m.topic, m.payload, now);
  }
  return after;
}

}  // namespace

absl::StatusOr<CallbackRecord> MySqlCallbackRepository::InsertOnce(const CallbackRecord& record) {
  // The key is the primary key: a second delivery (or a concurrent one) is
  // refused as a duplicate and CreateOnce confirms the stored task exists.
  // Either way the answer is the task as stored.
  const std::string key = record.task.key();
  absl::Status status = common::CreateOnce(
      pool_, retry_,
      [&](sql::Connection& c) {
        Insert(c, record);
        return absl::OkStatus();
      },
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        return Load(c, key, /*lock=*/false).has_value();
      },
      common::CommitMode::kTransaction);  // the task and its record's rows
  if (!status.ok()) return status;
  return Get(key);
}

absl::StatusOr<CallbackRecord> MySqlCallbackRepository::Get(const std::string& key) {
  std::optional<CallbackRecord> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found = Load(c, key, /*lock=*/false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found) return NotFound(key);
  return *std::move(found);
}

absl::StatusOr<CallbackRecord> MySqlCallbackRepository::ChangeMostUrgent(
    absl::Time now, absl::Duration claim_lapse, const RecordChange& change) {
  // callback_queue.h's query. The index in the queue's order makes the scan
  // stop at the first claimable row it can lock, so concurrent claims each
  // lock their own row instead of one claim locking every candidate.
  std::optional<CallbackRecord> changed;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    changed.reset();
    auto rs =
        Statement(c,
                  "SELECT task_key FROM callback_tasks FORCE INDEX (ix_callback_tasks_urgency)"
                  " WHERE (state IN (?, ?) AND next_attempt_at <= ?)"
                  "    OR (state = ? AND heartbeat_at <= ?)"
                  " ORDER BY due_at, complaint DESC, completed_at, order_number, visit_number"
                  " LIMIT 1 FOR UPDATE SKIP LOCKED")
            .Bind(std::string(TaskStateName(TaskState::kPending)))
            .Bind(std::string(TaskStateName(TaskState::kRetryWait)))
            .Bind(now)
            .Bind(std::string(TaskStateName(TaskState::kClaimed)))
            .Bind(now - claim_lapse)
            .Query();
    if (!rs->next()) return absl::NotFoundError("no callback is claimable now");
    const std::string key = common::GetString(*rs, "task_key");
    rs.reset();
    auto after =
        LockAndChange(c, key, change, now, absl::InternalError("a locked callback task vanished"));
    if (!after.ok()) return after.status();
    changed = *std::move(after);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(changed);
}

absl::StatusOr<CallbackRecord> MySqlCallbackRepository::Change(const std::string& key,
                                                               absl::Time now,
                                                               const RecordChange& change) {
  std::optional<CallbackRecord> changed;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    changed.reset();
    auto after = LockAndChange(c, key, change, now, NotFound(key));
    if (!after.ok()) return after.status();
    changed = *std::move(after);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(changed);
}

}  // namespace fieldservice::callback
