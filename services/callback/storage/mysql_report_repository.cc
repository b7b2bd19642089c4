#include "services/callback/storage/mysql_report_repository.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/sql.h"

namespace fieldservice::callback {
namespace {

using common::Statement;

// The task keys a selection reads, as a subquery, and how to bind its
// parameters (each query below binds them once).
struct KeyQuery {
  std::string sql;
  std::vector<absl::Time> times;
  std::vector<std::string> texts;  // bound after the times
};

KeyQuery KeysOf(VisitSelection which, absl::Time from, absl::Time to) {
  switch (which) {
    case VisitSelection::kCompleted:
      return {"SELECT task_key FROM callback_tasks WHERE completed_at >= ? AND completed_at < ?",
              {from, to},
              {}};
    case VisitSelection::kReceived:
      return {"SELECT task_key FROM callback_tasks WHERE received_at >= ? AND received_at < ?",
              {from, to},
              {}};
    case VisitSelection::kCalled:
      return {
          "SELECT task_key FROM callback_attempts WHERE called_at >= ? AND called_at < ?"
          " UNION SELECT task_key FROM callback_tasks"
          " WHERE finished_at >= ? AND finished_at < ? AND state = ?",
          {from, to, from, to},
          {std::string(TaskStateName(TaskState::kCompleted))}};
    case VisitSelection::kLaterVisitsOfFirstVisitsCompleted:
      // l: a later visit; f: the first visit of its order.
      return {
          "SELECT l.task_key FROM callback_tasks l JOIN callback_tasks f"
          " ON f.order_number = l.order_number AND f.visit_number = 1"
          " WHERE l.visit_number > 1 AND f.completed_at >= ? AND f.completed_at < ?",
          {from, to},
          {}};
  }
  return {};
}

// `select` over the rows whose task_key the key query gives.
common::Rows Query(sql::Connection& c, const KeyQuery& keys, const std::string& select) {
  Statement statement(c, absl::StrCat(select, " WHERE task_key IN (", keys.sql, ")"));
  for (absl::Time t : keys.times) statement.Bind(t);
  for (const std::string& s : keys.texts) statement.Bind(s);
  return statement.Query();
}

// A stored enum name this build does not know is DATA_LOSS, never a default.
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

ReportVisit ReadVisit(sql::ResultSet& rs) {
  ReportVisit r;
  VisitCompleted& v = r.visit;
  v.order_number = common::GetString(rs, "order_number");
  v.visit_number = rs.getInt64("visit_number");
  v.completed_at = common::GetTime(rs, "completed_at");
  v.complaint = rs.getBoolean("complaint");
  v.complaint_kind =
      Named(common::GetString(rs, "complaint_kind"), kComplaintKindNames, "complaint_kind");
  v.product_model = common::GetString(rs, "product_model");
  v.brand = common::GetString(rs, "brand");
  v.category = common::GetString(rs, "category");
  v.serial = common::GetString(rs, "serial");
  v.symptom_code = common::GetString(rs, "symptom_code");
  v.region_code = common::GetString(rs, "region_code");
  v.technician_id = common::GetString(rs, "technician_id");
  v.outlet_id = common::GetString(rs, "outlet_id");
  v.received_at = common::GetOptionalTime(rs, "received_at");
  v.assigned_at = common::GetOptionalTime(rs, "assigned_at");
  v.arrived_at = common::GetOptionalTime(rs, "arrived_at");
  v.promised_by = common::GetOptionalTime(rs, "promised_by");
  r.state = Named(common::GetString(rs, "state"), TaskState::kCancelled, TaskStateName, "state");
  r.finished_at = common::GetOptionalTime(rs, "finished_at").value_or(absl::Time());
  if (auto outcome = common::GetOptionalString(rs, "outcome")) {
    r.outcome = Named(*outcome, kCallbackOutcomeNames, "outcome");
  }
  r.agent_id = common::GetString(rs, "agent_id");
  return r;
}

}  // namespace

absl::StatusOr<std::vector<ReportVisit>> MySqlReportRepository::Visits(VisitSelection which,
                                                                       absl::Time from,
                                                                       absl::Time to) {
  const KeyQuery keys = KeysOf(which, from, to);
  std::map<std::string, ReportVisit> visits;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    visits.clear();
    auto tasks = Query(c, keys,
                       "SELECT task_key, order_number, visit_number, completed_at, complaint,"
                       " complaint_kind, product_model, brand, category, serial, symptom_code,"
                       " region_code, technician_id, outlet_id, received_at, assigned_at,"
                       " arrived_at, promised_by, state, finished_at, outcome, agent_id"
                       " FROM callback_tasks");
    while (tasks->next()) {
      visits.emplace(common::GetString(*tasks, "task_key"), ReadVisit(*tasks));
    }
    tasks.reset();
    // Each statement reads its own snapshot: child rows of a task made
    // since the first read are skipped.
    auto calls =
        Query(c, keys, "SELECT task_key, seq, agent_id, called_at, outcome FROM callback_attempts");
    std::map<std::pair<std::string, int64_t>, CallAttempt> ordered;
    while (calls->next()) {
      CallAttempt a;
      a.agent_id = common::GetString(*calls, "agent_id");
      a.at = common::GetTime(*calls, "called_at");
      a.outcome = Named(common::GetString(*calls, "outcome"), AttemptOutcome::kCallBackLater,
                        AttemptOutcomeName, "outcome");
      ordered.emplace(std::make_pair(common::GetString(*calls, "task_key"), calls->getInt64("seq")),
                      std::move(a));
    }
    calls.reset();
    for (auto& [key_seq, attempt] : ordered) {
      auto it = visits.find(key_seq.first);
      if (it != visits.end()) it->second.attempts.push_back(std::move(attempt));
    }
    auto answers = Query(c, keys, "SELECT task_key, question_key, answer FROM callback_answers");
    while (answers->next()) {
      auto it = visits.find(common::GetString(*answers, "task_key"));
      if (it == visits.end()) continue;
      it->second.answers[common::GetString(*answers, "question_key")] =
          common::GetString(*answers, "answer");
    }
    answers.reset();
    auto findings = Query(c, keys, "SELECT task_key, seq, kind FROM callback_findings");
    while (findings->next()) {
      auto it = visits.find(common::GetString(*findings, "task_key"));
      if (it == visits.end()) continue;
      it->second.findings.push_back(
          Named(common::GetString(*findings, "kind"), kFindingKindNames, "kind"));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  std::vector<ReportVisit> out;
  out.reserve(visits.size());
  for (auto& [key, visit] : visits) out.push_back(std::move(visit));
  return out;
}

}  // namespace fieldservice::callback
