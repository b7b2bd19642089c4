// The scheduling service: wiring only. Reads configuration, waits for the
// database and migrates it, serves gRPC until SIGTERM or SIGINT.

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "services/common/calendar.h"
#include "services/common/calendar_keeper.h"
#include "services/common/clock.h"
#include "services/common/operations_handler.h"
#include "services/common/outbox.h"
#include "services/common/outbox_metrics.h"
#include "services/common/outbox_settings.h"
#include "services/common/service_channel.h"
#include "services/common/service_checks.h"
#include "services/common/service_clock.h"
#include "services/common/service_main.h"
#include "services/common/transport.h"
#include "services/scheduling/api/dispatch_handler.h"
#include "services/scheduling/api/job_mapping.h"
#include "services/scheduling/api/technician_app_handler.h"
#include "services/scheduling/api/technicians_handler.h"
#include "services/scheduling/clients/orders_progress.h"
#include "services/scheduling/domain/callback_rating.h"
#include "services/scheduling/domain/day_plan_service.h"
#include "services/scheduling/domain/dispatch_service.h"
#include "services/scheduling/domain/great_circle_travel.h"
#include "services/scheduling/domain/technician_app_service.h"
#include "services/scheduling/domain/technician_service.h"
#include "services/scheduling/storage/mysql_dispatch_repository.h"
#include "services/scheduling/storage/mysql_technician_repository.h"

namespace fieldservice::scheduling {
namespace {

std::vector<common::Setting> Settings() {
  std::vector<common::Setting> s = common::StandardSettings("127.0.0.1:50053", "scheduling");
  s.push_back({"dispatch_visit_within", "48h",
               "an on-site repair's visit deadline, from when it is queued"});
  s.push_back({"dispatch_complaint_visit_within", "24h", "a complaint's visit deadline"});
  s.push_back({"dispatch_min_level", "1", "the lowest skill level (1-5) a repair needs"});
  s.push_back({"dispatch_complaint_min_level", "3", "the lowest skill level for a complaint"});
  s.push_back({"dispatch_major_complaint_min_level", "4",
               "the lowest skill level for a major complaint (重大投诉)"});
  s.push_back({"dispatch_complaint_priority", "1", "a complaint's priority (repairs: 0)"});
  s.push_back({"dispatch_major_complaint_priority", "2", "a major complaint's priority"});
  s.push_back({"dispatch_service_time", "60m", "expected time on site of a job"});
  s.push_back({"dispatch_position_max_age", "2h",
               "a technician's reported position counts for travel this long; older, they start "
               "from their home base"});
  s.push_back({"travel_road_factor", "1.3", "road distance over great-circle distance"});
  s.push_back({"travel_speed_kmh", "30", "door-to-door city speed for travel estimates"});
  s.push_back({"travel_minimum", "5m", "the shortest trip to another place (parking, the lift)"});
  s.push_back({"ranking_weight_travel", "0.30", "candidate score weight of travel"});
  s.push_back({"ranking_weight_skill_fit", "0.15", "score weight of skill level fit"});
  s.push_back({"ranking_weight_window_fit", "0.15", "score weight of room in the window"});
  s.push_back(
      {"ranking_weight_deadline_slack", "0.15", "score weight of time before the deadline"});
  s.push_back({"ranking_weight_load", "0.15", "score weight of a light day"});
  s.push_back({"ranking_weight_satisfaction", "0.10", "score weight of customers' ratings"});
  s.push_back({"rating_conduct_penalty", "1.0",
               "points of the 1-5 scale each conduct finding of a callback takes off the most it "
               "can score (5, or the customer's rating when lower); never below 1"});
  s.push_back({"rating_window", "100",
               "a technician's satisfaction is the mean score of their latest this many rated "
               "callbacks"});
  s.push_back({"slot_window_length", "2h", "an appointment window promised to a customer"});
  s.push_back({"slot_start_times", "09:00,11:00,14:00,16:00",
               "when appointment windows start, business time"});
  s.push_back({"slot_lead_time", "2h", "no window starts sooner than this from now"});
  s.push_back({"slot_horizon_days", "7", "business days of windows offered, today included"});
  s.push_back({"slot_max", "12", "most windows in one offer"});
  s.push_back({"slot_start_step", "15m", "arrival times tried within a window"});
  s.push_back({"technician_index_refresh", "10s",
               "how old the candidate index may grow before it is rebuilt (another replica's "
               "technician changes show within this)"});
  s.push_back({"orders_address", "",
               "the orders service, told of each job's progress (assigned, booked, en route, on "
               "site, waiting for parts, completed); empty: not told"});
  s.push_back({"orders_timeout", "5s", "deadline of one call to the orders service"});
  s.push_back({"app_stream_poll_interval", "1s",
               "how often open StreamJobs calls look for changes made by other replicas"});
  s.push_back({"app_stream_batch", "100", "most changes read at once for one stream"});
  s.push_back({"app_feed_retention", "720h",
               "how long each technician's job changes and app operations are kept: a phone "
               "offline longer lists its jobs again, and a replay older is a new operation"});
  s.push_back(
      {"app_feed_purge_interval", "1h", "how often job changes past their retention are deleted"});
  s.push_back({"record_max_signature_bytes", "524288",
               "largest customer signature image a repair record may carry"});
  s.push_back({"record_max_parts", "30", "most parts one repair record lists"});
  s.push_back({"record_max_fees", "20", "most fees one repair record charges"});
  s.push_back({"record_max_quantity", "99", "most of one part fitted on one visit"});
  s.push_back({"plan_time_limit", "5s", "the most one PlanDay call spends searching"});
  s.push_back({"plan_iterations", "20000",
               "search iterations per thread of one PlanDay (the same inputs and seed give the "
               "same plan while this ends the search inside plan_time_limit); negative: none"});
  s.push_back({"plan_threads", "2", "independent searches one PlanDay runs at once"});
  s.push_back({"plan_seed", "1", "the day planner's first search seed"});
  s.push_back({"plan_preview_retention", "24h",
               "how long a PlanDay preview may be committed; older ones are purged"});
  common::AddOutboxSettings(s, "scheduling", "orders_timeout");
  common::AddFakeNowSettings(s);
  return s;
}

// A setting that must be a number in [low, high].
absl::StatusOr<double> Number(const common::Config& config, const std::string& name, double low,
                              double high) {
  double value = 0;
  if (!absl::SimpleAtod(config.Get(name), &value) || value < low || value > high) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting ", name, ": a number from ", low, " to ", high));
  }
  return value;
}

// The appointment slot policy, from configuration.
absl::StatusOr<SlotPolicy> SlotPolicyOf(const common::Config& config) {
  SlotPolicy p;
  auto length = config.GetDuration("slot_window_length");
  auto lead = config.GetDuration("slot_lead_time");
  auto horizon = config.GetInt("slot_horizon_days");
  auto most = config.GetInt("slot_max");
  auto step = config.GetDuration("slot_start_step");
  for (const absl::Status& s :
       {length.status(), lead.status(), horizon.status(), most.status(), step.status()}) {
    if (!s.ok()) return s;
  }
  p.window_length = *length;
  p.lead_time = *lead;
  p.horizon_days = static_cast<int>(*horizon);
  p.max_slots = static_cast<int>(*most);
  p.start_step = *step;
  p.window_start_minutes.clear();
  for (absl::string_view hhmm : absl::StrSplit(config.Get("slot_start_times"), ',')) {
    absl::CivilSecond at;
    if (!absl::ParseCivilTime(absl::StrCat("2000-01-01T", absl::StripAsciiWhitespace(hhmm), ":00"),
                              &at)) {
      return absl::InvalidArgumentError(
          "setting slot_start_times: times of day such as 09:00,14:00");
    }
    p.window_start_minutes.push_back(at.hour() * 60 + at.minute());
  }
  if (absl::Status ok = CheckSlotPolicy(p); !ok.ok()) return ok;
  return p;
}

// How candidates are scored and travel estimated, from configuration.
absl::Status ReadRanking(const common::Config& config, absl::TimeZone zone, TravelPolicy& travel,
                         RankingPolicy& ranking) {
  auto factor = Number(config, "travel_road_factor", 1, 5);
  auto speed = Number(config, "travel_speed_kmh", 1, 200);
  auto minimum = config.GetDuration("travel_minimum");
  auto w_travel = Number(config, "ranking_weight_travel", 0, 1);
  auto w_skill = Number(config, "ranking_weight_skill_fit", 0, 1);
  auto w_window = Number(config, "ranking_weight_window_fit", 0, 1);
  auto w_deadline = Number(config, "ranking_weight_deadline_slack", 0, 1);
  auto w_load = Number(config, "ranking_weight_load", 0, 1);
  auto w_satisfaction = Number(config, "ranking_weight_satisfaction", 0, 1);
  for (const absl::Status& s :
       {factor.status(), speed.status(), minimum.status(), w_travel.status(), w_skill.status(),
        w_window.status(), w_deadline.status(), w_load.status(), w_satisfaction.status()}) {
    if (!s.ok()) return s;
  }
  travel.road_factor = *factor;
  travel.speed_kmh = *speed;
  travel.minimum = *minimum;
  ranking.weights = {.travel = *w_travel,
                     .skill_fit = *w_skill,
                     .window_fit = *w_window,
                     .deadline_slack = *w_deadline,
                     .load = *w_load,
                     .satisfaction = *w_satisfaction};
  ranking.business_zone = zone;
  return absl::OkStatus();
}

// How callbacks rate technicians, from configuration.
absl::StatusOr<CallbackRatingPolicy> RatingPolicyOf(const common::Config& config) {
  auto penalty = Number(config, "rating_conduct_penalty", 0, kHighestRating - kLowestRating);
  auto window = config.GetInt("rating_window");
  for (const absl::Status& s : {penalty.status(), window.status()}) {
    if (!s.ok()) return s;
  }
  CallbackRatingPolicy p;
  p.conduct_penalty = *penalty;
  p.window = static_cast<int>(std::clamp<int64_t>(*window, 0, 1'000'000));
  if (absl::Status ok = CheckCallbackRatingPolicy(p); !ok.ok()) return ok;
  return p;
}

absl::StatusOr<DispatchPolicy> DispatchPolicyOf(const common::Config& config) {
  auto visit = config.GetDuration("dispatch_visit_within");
  auto complaint_visit = config.GetDuration("dispatch_complaint_visit_within");
  auto level = config.GetInt("dispatch_min_level");
  auto complaint_level = config.GetInt("dispatch_complaint_min_level");
  auto major_level = config.GetInt("dispatch_major_complaint_min_level");
  auto complaint_priority = config.GetInt("dispatch_complaint_priority");
  auto major_priority = config.GetInt("dispatch_major_complaint_priority");
  auto service_time = config.GetDuration("dispatch_service_time");
  auto position_age = config.GetDuration("dispatch_position_max_age");
  for (const absl::Status& s :
       {visit.status(), complaint_visit.status(), level.status(), complaint_level.status(),
        major_level.status(), complaint_priority.status(), major_priority.status(),
        service_time.status(), position_age.status()}) {
    if (!s.ok()) return s;
  }
  DispatchPolicy p;
  p.visit_within = *visit;
  p.complaint_visit_within = *complaint_visit;
  p.min_level = static_cast<int>(*level);
  p.complaint_min_level = static_cast<int>(*complaint_level);
  p.major_complaint_min_level = static_cast<int>(*major_level);
  p.complaint_priority = static_cast<int>(*complaint_priority);
  p.major_complaint_priority = static_cast<int>(*major_priority);
  p.service_time = *service_time;
  p.position_max_age = *position_age;
  if (absl::Status ok = CheckDispatchPolicy(p); !ok.ok()) return ok;
  return p;
}

absl::StatusOr<DayPlanPolicy> DayPlanPolicyOf(const common::Config& config, absl::TimeZone zone) {
  auto limit = config.GetDuration("plan_time_limit");
  auto iterations = config.GetInt("plan_iterations");
  auto threads = config.GetInt("plan_threads");
  auto seed = config.GetInt("plan_seed");
  auto retention = config.GetDuration("plan_preview_retention");
  for (const absl::Status& s :
       {limit.status(), iterations.status(), threads.status(), seed.status(), retention.status()}) {
    if (!s.ok()) return s;
  }
  DayPlanPolicy p;
  p.solver_time_limit = *limit;
  p.solver_iterations = *iterations;
  p.solver_threads = static_cast<int>(*threads);
  p.solver_seed = static_cast<uint64_t>(*seed);
  p.preview_retention = *retention;
  p.business_zone = zone;
  if (absl::Status ok = CheckDayPlanPolicy(p); !ok.ok()) return ok;
  return p;
}

absl::StatusOr<RepairRecordPolicy> RecordPolicyOf(const common::Config& config) {
  auto signature = config.GetInt("record_max_signature_bytes");
  auto parts = config.GetInt("record_max_parts");
  auto fees = config.GetInt("record_max_fees");
  auto quantity = config.GetInt("record_max_quantity");
  for (const absl::Status& s :
       {signature.status(), parts.status(), fees.status(), quantity.status()}) {
    if (!s.ok()) return s;
  }
  RepairRecordPolicy p;
  p.max_signature_bytes = static_cast<size_t>(std::max<int64_t>(0, *signature));
  p.max_parts = static_cast<int>(*parts);
  p.max_fees = static_cast<int>(*fees);
  p.max_quantity = static_cast<int>(*quantity);
  if (absl::Status ok = CheckRepairRecordPolicy(p); !ok.ok()) return ok;
  return p;
}

absl::StatusOr<api::StreamPolicy> StreamPolicyOf(const common::Config& config) {
  auto poll = config.GetDuration("app_stream_poll_interval");
  auto batch = config.GetInt("app_stream_batch");
  auto retention = config.GetDuration("app_feed_retention");
  auto purge = config.GetDuration("app_feed_purge_interval");
  for (const absl::Status& s :
       {poll.status(), batch.status(), retention.status(), purge.status()}) {
    if (!s.ok()) return s;
  }
  if (*poll <= absl::ZeroDuration() || *batch < 1 || *batch > 10000 ||
      *retention < absl::Hours(24) || *purge <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "settings app_stream_poll_interval (positive), app_stream_batch (1 to 10000), "
        "app_feed_retention (at least 24h) and app_feed_purge_interval (positive)");
  }
  return api::StreamPolicy{.poll_interval = *poll,
                           .batch = static_cast<int>(*batch),
                           .retention = *retention,
                           .purge_interval = *purge};
}

int Run(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::Config config;
  if (auto exit = common::LoadConfigOrExit(Settings(), argc, argv, "scheduling_server", &config)) {
    return *exit;
  }
  auto runtime = common::ReadStandardRuntime(config);
  if (!runtime.ok()) return common::StartupFailed(runtime.status());
  auto dispatch_policy = DispatchPolicyOf(config);
  if (!dispatch_policy.ok()) return common::StartupFailed(dispatch_policy.status());
  TravelPolicy travel_policy;
  RankingPolicy ranking_policy;
  if (absl::Status s = ReadRanking(config, runtime->business_zone, travel_policy, ranking_policy);
      !s.ok()) {
    return common::StartupFailed(s);
  }
  auto slot_policy = SlotPolicyOf(config);
  if (!slot_policy.ok()) return common::StartupFailed(slot_policy.status());
  auto rating_policy = RatingPolicyOf(config);
  if (!rating_policy.ok()) return common::StartupFailed(rating_policy.status());
  auto index_refresh = config.GetDuration("technician_index_refresh");
  if (!index_refresh.ok()) return common::StartupFailed(index_refresh.status());
  auto plan_policy = DayPlanPolicyOf(config, runtime->business_zone);
  if (!plan_policy.ok()) return common::StartupFailed(plan_policy.status());
  auto record_policy = RecordPolicyOf(config);
  if (!record_policy.ok()) return common::StartupFailed(record_policy.status());
  auto stream_policy = StreamPolicyOf(config);
  if (!stream_policy.ok()) return common::StartupFailed(stream_policy.status());
  auto orders_timeout = config.GetDuration("orders_timeout");
  if (!orders_timeout.ok()) return common::StartupFailed(orders_timeout.status());
  auto outbox = common::ReadOutboxSettings(config, "scheduling", *orders_timeout, "orders_timeout");
  if (!outbox.ok()) return common::StartupFailed(outbox.status());
  const std::string orders_address = config.Get("orders_address");
  auto calendar = common::WorkingCalendar::LoadFile(runtime->calendar.path, runtime->business_zone);
  if (!calendar.ok()) return common::StartupFailed(calendar.status());

  common::ConnectionPool pool(runtime->db);
  absl::Status migrated = common::MigrateWhenReady(pool, EmbeddedMigrations(), runtime->db_wait);
  if (!migrated.ok()) return common::StartupFailed(migrated);

  auto service_clock = common::ServiceClock(config);
  if (!service_clock.ok()) return common::StartupFailed(service_clock.status());
  const common::Clock& clock = **service_clock;
  MySqlTechnicianRepository technician_repository(pool, runtime->retry);
  TechnicianDirectory directory(technician_repository, clock, *index_refresh);
  TechnicianService technicians(technician_repository, clock, &directory, *rating_policy);
  api::TechniciansHandler technicians_handler(technicians);
  MySqlDispatchRepository dispatch_repository(pool, runtime->retry, api::EncodeJobSnapshot);
  api::JobStreams streams(dispatch_repository, clock, *stream_policy);
  dispatch_repository.OnFeedCommitted([&streams] { streams.Wake(); });
  GreatCircleTravelEstimator travel(travel_policy);
  DispatchService dispatch(dispatch_repository, *dispatch_policy, directory, travel, ranking_policy,
                           *slot_policy);
  DayPlanService planner(dispatch_repository, travel, *plan_policy);
  api::DispatchHandler dispatch_handler(dispatch, clock, &planner);
  TechnicianAppService app(dispatch_repository, runtime->business_zone, *record_policy);
  api::TechnicianAppHandler app_handler(app, streams, clock, runtime->business_zone);
  // The calendar follows its file; Operations reports its coverage.
  common::CalendarKeeper calendar_keeper(*calendar, clock, runtime->calendar);
  common::StatusChecks checks;
  checks.Add("database", [&pool] { return common::DatabaseCheck(pool); });
  checks.Add("outbox", [&pool, &clock, warn = outbox->backlog_warn_age] {
    return common::OutboxCheck(pool, clock, warn);
  });
  common::OperationsHandler operations("scheduling", calendar_keeper, checks);
  auto server = common::ServerHost::Start(
      runtime->server, {common::Served<v1::Technicians>(&technicians_handler),
                        common::Served<v1::Dispatch>(&dispatch_handler),
                        common::Served<v1::TechnicianApp>(&app_handler), operations.Served()});
  if (!server.ok()) return common::StartupFailed(server.status());
  // Each job's progress reaches the orders service through the outbox, even
  // when it was down at the time. Mutual TLS: the certificate names
  // scheduling to it.
  auto orders_credentials = common::ServiceChannelCredentials(runtime->server.transport);
  if (!orders_credentials.ok()) return common::StartupFailed(orders_credentials.status());
  auto orders_channel = common::OpenServiceChannel(orders_address, *orders_credentials);
  if (!orders_channel.ok()) return common::StartupFailed(orders_channel.status());
  OrdersProgress progress(dispatch_repository, technician_repository, *orders_channel,
                          *orders_timeout);
  std::map<std::string, common::OutboxRelay::Handler> handlers;
  if (!orders_address.empty()) {
    handlers[kOrdersProgressTopic] = [&](const common::OutboxMessage& m) {
      return progress.Deliver(m);
    };
  }
  common::OutboxRelay relay(pool, clock, outbox->relay, handlers);
  common::ScrapedOutbox outbox_metrics(pool, clock, runtime->metrics_db_timeout);
  relay.Start();
  streams.Start();
  calendar_keeper.Start();
  return common::ServeUntilSignal(**server, pool,
                                  common::ServeOptionsOf(*runtime, "scheduling",
                                                         {v1::Technicians::service_full_name(),
                                                          v1::Dispatch::service_full_name(),
                                                          v1::TechnicianApp::service_full_name()}),
                                  [&] {
                                    // Open streams end at once (the apps reconnect to another
                                    // replica with their cursors) instead of holding shutdown for
                                    // its grace.
                                    streams.Stop();
                                    calendar_keeper.Stop();
                                    relay.Stop();
                                  });
}

}  // namespace
}  // namespace fieldservice::scheduling

int main(int argc, char** argv) { return fieldservice::scheduling::Run(argc, argv); }
