// The callback service: wiring only. Reads configuration, waits for the
// database and migrates it, serves gRPC until SIGTERM or SIGINT.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/callback/api/callback_handler.h"
#include "services/callback/api/quality_handler.h"
#include "services/callback/domain/callback_policy.h"
#include "services/callback/domain/callback_service.h"
#include "services/callback/domain/quality_policy.h"
#include "services/callback/domain/quality_service.h"
#include "services/callback/storage/mysql_callback_repository.h"
#include "services/callback/storage/mysql_quality_repository.h"
#include "services/common/calendar.h"
#include "services/common/calendar_keeper.h"
#include "services/common/files.h"
#include "services/common/logging.h"
#include "services/common/operations_handler.h"
#include "services/common/service_checks.h"
#include "services/common/service_clock.h"
#include "services/common/service_main.h"

namespace fieldservice::callback {
namespace {

std::vector<common::Setting> Settings() {
  std::vector<common::Setting> s = common::StandardSettings("127.0.0.1:50054", "callback");
  // The defaults are CallbackPolicy's (callback_policy.h says why).
  const CallbackPolicy d;
  const auto number = [](int n) { return absl::StrCat(n); };
  const auto duration = [](absl::Duration t) { return absl::FormatDuration(t); };
  s.push_back({"callback_repair_earliest_working_days", number(d.repair_earliest_working_days),
               "a repair is not called back before the start of this working day after the visit"});
  s.push_back({"callback_repair_due_working_days", number(d.repair_due_working_days),
               "a repair's callback is due by the end of this working day after the visit"});
  s.push_back(
      {"callback_complaint_earliest_working_days", number(d.complaint_earliest_working_days),
       "a complaint is not called back before the start of this working day after it was handled"});
  s.push_back({"callback_complaint_due_days", number(d.complaint_due_days),
               "a complaint's callback is due within this many days after it was handled"});
  s.push_back({"callback_max_attempts", number(d.max_attempts),
               "unanswered calls (no answer, busy) before the task gives up and flags the order"});
  s.push_back({"callback_retry_spacing", duration(d.retry_spacing),
               "after an unanswered call the next one is this much later"});
  s.push_back({"callback_wrong_number_gives_up", d.wrong_number_gives_up ? "true" : "false",
               "a wrong number gives up at once (false: it counts as an unanswered call)"});
  s.push_back({"callback_call_back_later_max_delay", duration(d.call_back_later_max_delay),
               "the furthest ahead a customer's 'call me later' time may be"});
  s.push_back({"callback_max_call_back_later", number(d.max_call_back_later),
               "'call me later' requests kept; the next one gives up and flags the order"});
  s.push_back({"callback_claim_lapse", duration(d.claim_lapse),
               "a claim lapses this long after its agent's last claim or heartbeat"});
  // The quality signals: QualityPolicy's defaults (quality_policy.h says why).
  const QualityPolicy q;
  s.push_back({"quality_batch_min_units", number(q.batch_min_units),
               "a batch accident: this many units of one model's batch with the same fault"});
  s.push_back({"quality_batch_percent", number(q.batch_percent),
               "a batch accident: or this percent of the batch's units sold (whole percent)"});
  s.push_back({"quality_safety_faults", std::string(kDefaultSafetyFaults),
               "symptom codes that are safety-related (comma-separated; case ignored): the "
               "first report of one on a model opens a SAFETY quality sheet"});
  s.push_back({"quality_sales_file", "",
               "sales figures (CSV: model,batch,serial_prefix,units_sold) imported at start-up, "
               "replacing the stored rows of their batches; empty: none (e.g. "
               "data/callback/sales_figures.csv)"});
  common::AddFakeNowSettings(s);
  return s;
}

absl::StatusOr<CallbackPolicy> PolicyOf(const common::Config& config) {
  CallbackPolicy p;
  const auto integer = [&config](const char* name, int& out) -> absl::Status {
    auto value = config.GetInt(name);
    if (!value.ok()) return value.status();
    out = static_cast<int>(*value);
    return absl::OkStatus();
  };
  const auto duration = [&config](const char* name, absl::Duration& out) -> absl::Status {
    auto value = config.GetDuration(name);
    if (!value.ok()) return value.status();
    out = *value;
    return absl::OkStatus();
  };
  auto wrong_number = config.GetBool("callback_wrong_number_gives_up");
  if (!wrong_number.ok()) return wrong_number.status();
  p.wrong_number_gives_up = *wrong_number;
  for (const absl::Status& s : {
           integer("callback_repair_earliest_working_days", p.repair_earliest_working_days),
           integer("callback_repair_due_working_days", p.repair_due_working_days),
           integer("callback_complaint_earliest_working_days", p.complaint_earliest_working_days),
           integer("callback_complaint_due_days", p.complaint_due_days),
           integer("callback_max_attempts", p.max_attempts),
           duration("callback_retry_spacing", p.retry_spacing),
           duration("callback_call_back_later_max_delay", p.call_back_later_max_delay),
           integer("callback_max_call_back_later", p.max_call_back_later),
           duration("callback_claim_lapse", p.claim_lapse),
       }) {
    if (!s.ok()) return s;
  }
  if (absl::Status s = CheckCallbackPolicy(p); !s.ok()) return s;
  return p;
}

absl::StatusOr<QualityPolicy> QualityPolicyOf(const common::Config& config) {
  QualityPolicy p;
  auto min_units = config.GetInt("quality_batch_min_units");
  if (!min_units.ok()) return min_units.status();
  auto percent = config.GetInt("quality_batch_percent");
  if (!percent.ok()) return percent.status();
  // Out of int's range is out of the policy's too (CheckQualityPolicy).
  p.batch_min_units = static_cast<int>(std::clamp<int64_t>(*min_units, -1, 1 << 30));
  p.batch_percent = static_cast<int>(std::clamp<int64_t>(*percent, -1, 1 << 30));
  auto safety = ParseFaultList(config.Get("quality_safety_faults"), "quality_safety_faults");
  if (!safety.ok()) return safety.status();
  p.safety_faults = *std::move(safety);
  if (absl::Status s = CheckQualityPolicy(p); !s.ok()) return s;
  return p;
}

// The sales figures of the quality_sales_file setting, when it names one.
absl::Status ImportSalesFile(const common::Config& config, QualityService& quality) {
  const std::string& path = config.Get("quality_sales_file");
  if (path.empty()) return absl::OkStatus();
  auto text = common::ReadTextFile(path);
  if (!text.ok()) return text.status();
  auto imported = quality.ImportSalesCsv(*text, absl::StrCat("file:", path));
  if (!imported.ok()) {
    return absl::Status(imported.status().code(),
                        absl::StrCat(path, ": ", imported.status().message()));
  }
  common::LogInfo("sales_figures_imported",
                  {{"file", path}, {"rows", absl::StrCat(imported->rows)}});
  return absl::OkStatus();
}

int Run(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::Config config;
  if (auto exit = common::LoadConfigOrExit(Settings(), argc, argv, "callback_server", &config)) {
    return *exit;
  }
  auto runtime = common::ReadStandardRuntime(config);
  if (!runtime.ok()) return common::StartupFailed(runtime.status());
  auto policy = PolicyOf(config);
  if (!policy.ok()) return common::StartupFailed(policy.status());
  auto quality_policy = QualityPolicyOf(config);
  if (!quality_policy.ok()) return common::StartupFailed(quality_policy.status());
  const SurveyPolicy survey_policy;
  if (absl::Status s = CheckSurveyPolicy(survey_policy); !s.ok()) return common::StartupFailed(s);
  auto calendar = common::WorkingCalendar::LoadFile(runtime->calendar.path, runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  auto service_clock = common::ServiceClock(config);
  if (!service_clock.ok()) return common::StartupFailed(service_clock.status());
  const common::Clock& clock = **service_clock;
  MySqlCallbackRepository repository(pool, runtime->retry);
  auto callbacks = CallbackService::Create(repository, clock, *calendar, *policy, survey_policy);
  if (!callbacks.ok()) return common::StartupFailed(callbacks.status());
  MySqlQualityRepository quality_repository(pool, runtime->retry);
  QualityService quality(quality_repository, clock, *quality_policy);
  if (absl::Status s = ImportSalesFile(config, quality); !s.ok()) return common::StartupFailed(s);
  (*callbacks)->RecordFaultsWith(&quality);
  api::CallbackHandler handler(**callbacks);
  api::QualityHandler quality_handler(quality);
  // The calendar follows its file; Operations reports its coverage.
  common::CalendarKeeper calendar_keeper(*calendar, clock, runtime->calendar);
  common::StatusChecks checks;
  checks.Add("database", [&pool] { return common::DatabaseCheck(pool); });
  common::OperationsHandler operations("callback", calendar_keeper, checks);
  auto server = common::ServerHost::Start(
      runtime->server, {common::Served<v1::Callbacks>(&handler),
                        common::Served<v1::Quality>(&quality_handler), operations.Served()});
  if (!server.ok()) return common::StartupFailed(server.status());
  calendar_keeper.Start();
  return common::ServeUntilSignal(**server, pool,
                                  common::ServeOptionsOf(*runtime, "callback",
                                                         {v1::Callbacks::service_full_name(),
                                                          v1::Quality::service_full_name()}),
                                  [&] { calendar_keeper.Stop(); });
}

}  // namespace
}  // namespace fieldservice::callback

int main(int argc, char** argv) { return fieldservice::callback::Run(argc, argv); }
