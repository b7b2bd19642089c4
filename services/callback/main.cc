// The callback service: wiring only. Reads configuration, waits for the
// database and migrates it, serves gRPC until SIGTERM or SIGINT.

#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/callback/api/callback_handler.h"
#include "services/callback/api/callback_mapping.h"
#include "services/callback/api/quality_handler.h"
#include "services/callback/api/report_handler.h"
#include "services/callback/clients/outcome_relay.h"
#include "services/callback/domain/callback_policy.h"
#include "services/callback/domain/callback_service.h"
#include "services/callback/domain/outcome_report.h"
#include "services/callback/domain/quality_policy.h"
#include "services/callback/domain/quality_service.h"
#include "services/callback/domain/report_service.h"
#include "services/callback/storage/mysql_callback_repository.h"
#include "services/callback/storage/mysql_quality_repository.h"
#include "services/callback/storage/mysql_report_repository.h"
#include "services/callback/storage/mysql_survey_store.h"
#include "services/common/calendar.h"
#include "services/common/calendar_keeper.h"
#include "services/common/files.h"
#include "services/common/logging.h"
#include "services/common/operations_handler.h"
#include "services/common/outbox.h"
#include "services/common/outbox_metrics.h"
#include "services/common/outbox_settings.h"
#include "services/common/service_channel.h"
#include "services/common/service_checks.h"
#include "services/common/service_clock.h"
#include "services/common/service_main.h"
#include "services/common/transport.h"

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
  const SurveyCatalogueOptions surveys;
  s.push_back({"callback_survey_id", surveys.active_survey_id,
               "the survey tasks are asked, its latest version (DefineSurvey adds versions)"});
  s.push_back({"callback_survey_refresh", duration(surveys.refresh),
               "how stale this replica's idea of a survey's latest version may be"});
  s.push_back({"orders_address", "",
               "the orders service, told each callback's verdict (satisfied closes the order, "
               "not solved reopens it, unreachable flags it); empty: not told"});
  s.push_back({"orders_timeout", "5s", "deadline of one call to the orders service"});
  s.push_back({"scheduling_address", "",
               "the scheduling service, told each completed callback's rating and conduct "
               "findings for the technician's satisfaction; empty: not told"});
  s.push_back({"scheduling_timeout", "5s", "deadline of one call to the scheduling service"});
  common::AddOutboxSettings(s, "callback", "orders_timeout and scheduling_timeout");
  // The reports' defaults are ReportPolicy's (reports.h).
  const ReportPolicy r;
  s.push_back({"callback_report_repeat_window_days", number(r.repeat_window_days),
               "reports: a visit is a repeat visit when its unit had a visit completed within "
               "this many days before (1..366)"});
  s.push_back({"callback_report_sample_percent", number(r.sample_percent),
               "reports: the percent of a month's calls, and of its callbacks, sampled for "
               "quality inspection (1..100)"});
  s.push_back({"callback_report_sample_max_items", number(r.sample_max_items),
               "reports: at most this many sampled items are listed (1..100000)"});
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

absl::StatusOr<ReportPolicy> ReportPolicyOf(const common::Config& config) {
  ReportPolicy p;
  for (auto [name, out] : {std::pair{"callback_report_repeat_window_days", &p.repeat_window_days},
                           std::pair{"callback_report_sample_percent", &p.sample_percent},
                           std::pair{"callback_report_sample_max_items", &p.sample_max_items}}) {
    auto value = config.GetInt(name);
    if (!value.ok()) return value.status();
    // Kept from truncation to int; CheckReportPolicy states each range.
    if (*value < 0 || *value > 1000000) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", *value, " is out of range"));
    }
    *out = static_cast<int>(*value);
  }
  if (absl::Status s = CheckReportPolicy(p); !s.ok()) return s;
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
  auto report_policy = ReportPolicyOf(config);
  if (!report_policy.ok()) return common::StartupFailed(report_policy.status());
  auto quality_policy = QualityPolicyOf(config);
  if (!quality_policy.ok()) return common::StartupFailed(quality_policy.status());
  const SurveyPolicy survey_policy;
  if (absl::Status s = CheckSurveyPolicy(survey_policy); !s.ok()) return common::StartupFailed(s);
  auto survey_refresh = config.GetDuration("callback_survey_refresh");
  if (!survey_refresh.ok()) return common::StartupFailed(survey_refresh.status());
  const SurveyCatalogueOptions survey_options{.active_survey_id = config.Get("callback_survey_id"),
                                              .refresh = *survey_refresh};
  auto calendar = common::WorkingCalendar::LoadFile(runtime->calendar.path, runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());
  auto orders_timeout = config.GetDuration("orders_timeout");
  if (!orders_timeout.ok()) return common::StartupFailed(orders_timeout.status());
  auto scheduling_timeout = config.GetDuration("scheduling_timeout");
  if (!scheduling_timeout.ok()) return common::StartupFailed(scheduling_timeout.status());
  auto outbox =
      common::ReadOutboxSettings(config, "callback", std::max(*orders_timeout, *scheduling_timeout),
                                 "orders_timeout and scheduling_timeout");
  if (!outbox.ok()) return common::StartupFailed(outbox.status());
  const std::string orders_address = config.Get("orders_address");
  const std::string scheduling_address = config.Get("scheduling_address");

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  auto service_clock = common::ServiceClock(config);
  if (!service_clock.ok()) return common::StartupFailed(service_clock.status());
  const common::Clock& clock = **service_clock;
  MySqlCallbackRepository repository(pool, runtime->retry);
  MySqlSurveyStore survey_store(pool, runtime->retry, {api::EncodeSurvey, api::DecodeSurvey});
  auto callbacks = CallbackService::Create(repository, clock, *calendar, *policy, survey_policy,
                                           &survey_store, survey_options);
  if (!callbacks.ok()) return common::StartupFailed(callbacks.status());
  MySqlQualityRepository quality_repository(pool, runtime->retry);
  QualityService quality(quality_repository, clock, *quality_policy);
  if (absl::Status s = ImportSalesFile(config, quality); !s.ok()) return common::StartupFailed(s);
  (*callbacks)->RecordFaultsWith(&quality);
  api::CallbackHandler handler(**callbacks);
  MySqlReportRepository report_repository(pool, runtime->retry);
  ReportService reports(report_repository, runtime->business_zone, *report_policy,
                        &quality_repository);
  api::ReportHandler report_handler(reports);
  api::QualityHandler quality_handler(quality);
  // The calendar follows its file; Operations reports its coverage.
  common::CalendarKeeper calendar_keeper(*calendar, clock, runtime->calendar);
  common::StatusChecks checks;
  checks.Add("database", [&pool] { return common::DatabaseCheck(pool); });
  checks.Add("outbox", [&pool, &clock, warn = outbox->backlog_warn_age] {
    return common::OutboxCheck(pool, clock, warn);
  });
  common::OperationsHandler operations("callback", calendar_keeper, checks);
  auto server = common::ServerHost::Start(
      runtime->server, {common::Served<v1::Callbacks>(&handler),
                        common::Served<v1::CallbackReports>(&report_handler),
                        common::Served<v1::Quality>(&quality_handler), operations.Served()});
  if (!server.ok()) return common::StartupFailed(server.status());
  // Each ended task's verdict and rating reach orders and scheduling through
  // the outbox, even when they were down at the time. Mutual TLS: the
  // certificate names callback to them.
  auto credentials = common::ServiceChannelCredentials(runtime->server.transport);
  if (!credentials.ok()) return common::StartupFailed(credentials.status());
  auto orders_channel = common::OpenServiceChannel(orders_address, *credentials);
  auto scheduling_channel = common::OpenServiceChannel(scheduling_address, *credentials);
  if (!orders_channel.ok()) return common::StartupFailed(orders_channel.status());
  if (!scheduling_channel.ok()) return common::StartupFailed(scheduling_channel.status());
  OrdersOutcomeRelay outcomes(**callbacks, *orders_channel, *orders_timeout);
  SchedulingRatingRelay ratings(**callbacks, *scheduling_channel, *scheduling_timeout);
  std::map<std::string, common::OutboxRelay::Handler> handlers;
  if (!orders_address.empty()) {
    handlers[kOrdersOutcomeTopic] = [&](const common::OutboxMessage& m) {
      return outcomes.Deliver(m);
    };
  }
  if (!scheduling_address.empty()) {
    handlers[kSchedulingRatingTopic] = [&](const common::OutboxMessage& m) {
      return ratings.Deliver(m);
    };
  }
  common::OutboxRelay relay(pool, clock, outbox->relay, handlers);
  common::ScrapedOutbox outbox_metrics(pool, clock, runtime->metrics_db_timeout);
  relay.Start();
  calendar_keeper.Start();
  return common::ServeUntilSignal(**server, pool,
                                  common::ServeOptionsOf(*runtime, "callback",
                                                         {v1::Callbacks::service_full_name(),
                                                          v1::CallbackReports::service_full_name(),
                                                          v1::Quality::service_full_name()}),
                                  [&] {
                                    calendar_keeper.Stop();
                                    relay.Stop();
                                  });
}

}  // namespace
}  // namespace fieldservice::callback

int main(int argc, char** argv) { return fieldservice::callback::Run(argc, argv); }
