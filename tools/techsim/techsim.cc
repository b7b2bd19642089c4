// techsim: N simulated technicians against a running scheduling service,
// each with their own token (principal: their technician id, role
// technician) and their own change stream; see technician_sim.h for what
// each does and the faults they simulate.
//
//   techsim --scheduling=HOST:PORT --ca=ca.pem --key=dev-key.pem
//       --technician_prefix=tech- --technicians=200 --width=4 --seed=1
//       --parts_rate=0.1 --not_home_rate=0.05 --drop_rate=0.01 --offline_rate=0.05
//       --time_scale=120 --duration=48h
//
// Time: techsim's clock starts at --start (default now; a service run with
// fake_now wants the same instant) and runs --time_scale times faster than
// the wall clock. Travel and time on site are simulated time; on-time means
// arriving by the end of the booked window in that time. A service on its
// own clock (wall speed) sees an eta (simulated) never in its past; one on
// the same scaled clock (below) sees it as techsim does.
//
// --start_anchor: the wall-clock instant at which simulated time is --start
// (default: when techsim starts); given the services' fake_now,
// fake_now_anchor and fake_clock_rate as --start, --start_anchor and
// --time_scale, techsim's clock reads what theirs read.
//
// --create makes the technicians first (as user "techsim", a dispatcher;
// with --token_dir, its dispatcher.jwt).
//
// --feed_orders=N (with --orders and --duration) feeds the run: N repair
// orders per technician for each of --feed_days working days from
// --feed_first_day, taken through the orders service as a call agent
// (user "techsim-agent"; with --token_dir, agent.jwt) and booked on the
// technicians' days as the dispatcher; jobs left without a repair are
// rebooked (job_feeder.h). At the end every job must be completed, or
// rescheduled to a window after the run; the figures add jobs, rebooked,
// and the ends as scheduling tells them, and any unfinished job makes the
// exit code 1.
//
// The run ends after --duration of simulated time (visits under way are
// finished, none is started), or with --until_idle once no technician has
// anything to do and their streams have been quiet for --idle_after (wall
// clock). It prints one line of figures; the exit code
// is 1 when an operation failed unexpectedly, 2 for a bad command line.
#include <grpcpp/security/credentials.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/files.h"
#include "services/common/service_channel.h"
#include "tools/command_line.h"
#include "tools/techsim/create_technicians.h"
#include "tools/techsim/job_feeder.h"
#include "tools/techsim/technician_sim.h"
#include "tools/tool_tokens.h"

namespace {

namespace po = boost::program_options;
namespace techsim = ::fieldservice::tools::techsim;

struct Options {
  std::string scheduling;
  std::string ca;
  bool plaintext = false;
  fieldservice::tools::ToolTokenOptions tokens;
  std::string prefix;
  int technicians = 0;
  int first = 1;
  int width = 0;
  uint64_t seed = 1;
  techsim::Behaviour behaviour;
  std::string travel;
  std::string on_site;
  double time_scale = 60;
  std::string start;
  std::string duration;
  bool until_idle = false;
  std::string idle_after;
  bool create = false;
  std::string region;
  double home_latitude = 0;
  double home_longitude = 0;
  std::string start_anchor;
  std::string orders;
  int feed_orders = 0;
  int feed_days = 2;
  std::string feed_first_day;
  std::string business_utc_offset;
  std::string parts_delay;
  int feed_threads = 8;
};

// The technicians' tokens: signed here with a development key, or read
// from <dir>/<technician id>.jwt; for --create and --feed_orders a
// dispatcher's and a call agent's (<dir>/dispatcher.jwt and agent.jwt, or
// signed for "techsim" and "techsim-agent").
class Tokens {
 public:
  static absl::StatusOr<Tokens> Of(const Options& o) {
    auto tokens = fieldservice::tools::ToolTokens::Open(o.tokens);
    if (!tokens.ok()) return tokens.status();
    return Tokens(*std::move(tokens));
  }
  absl::StatusOr<std::string> For(const std::string& technician_id) const {
    return tokens_.Get(technician_id, "technician", technician_id + ".jwt");
  }
  absl::StatusOr<std::string> Dispatcher() const {
    return tokens_.Get("techsim", "dispatcher", "dispatcher.jwt");
  }
  absl::StatusOr<std::string> Agent() const {
    return tokens_.Get("techsim-agent", "agent", "agent.jwt");
  }

 private:
  explicit Tokens(fieldservice::tools::ToolTokens tokens) : tokens_(std::move(tokens)) {}
  fieldservice::tools::ToolTokens tokens_;
};

int Usage(const std::string& message) {
  std::cerr << "techsim: " << message << "\n";
  return 2;
}

bool Rate(double r) { return r >= 0 && r <= 1; }

}  // namespace

int main(int argc, char** argv) {
  Options o;
  po::options_description description("techsim options");
  description.add_options()("help", "this text")("scheduling", po::value(&o.scheduling)->required(),
                                                 "the scheduling service, host:port")(
      "ca", po::value(&o.ca), "the services' CA certificate (PEM)")(
      "plaintext", po::bool_switch(&o.plaintext), "no TLS (a server run with plaintext=true)")(
      "technician_prefix", po::value(&o.prefix)->default_value("tech-"),
      "technician ids are this prefix and a number")(
      "technicians", po::value(&o.technicians)->required(), "how many technicians")(
      "first", po::value(&o.first)->default_value(1), "the first technician's number")(
      "width", po::value(&o.width)->default_value(0),
      "numbers padded with zeros to this width (tech-0001: 4)")(
      "seed", po::value(&o.seed)->default_value(1), "the same seed repeats a run's choices")(
      "parts_rate", po::value(&o.behaviour.parts_rate)->default_value(0.1, "0.1"),
      "share of visits that wait for parts")(
      "not_home_rate", po::value(&o.behaviour.not_home_rate)->default_value(0.05, "0.05"),
      "share of visits where the customer is not home")(
      "drop_rate", po::value(&o.behaviour.drop_rate)->default_value(0.02, "0.02"),
      "chance a stream is cut after a change (it resumes from its cursor)")(
      "offline_rate", po::value(&o.behaviour.offline_rate)->default_value(0.05, "0.05"),
      "share of visits made offline, their operations replayed afterwards")(
      "travel", po::value(&o.travel)->default_value("20m"), "mean trip, simulated time")(
      "on_site", po::value(&o.on_site)->default_value("45m"), "mean time on site, simulated")(
      "time_scale", po::value(&o.time_scale)->default_value(60),
      "simulated seconds per wall-clock second")(
      "start", po::value(&o.start),
      "RFC 3339 instant the simulated clock starts at (default: now)")(
      "duration", po::value(&o.duration), "stop after this much simulated time, e.g. 48h")(
      "until_idle", po::bool_switch(&o.until_idle),
      "stop once no technician has anything left to do")(
      "idle_after", po::value(&o.idle_after)->default_value("3s"),
      "--until_idle: how long (wall clock) the streams must be quiet")(
      "create", po::bool_switch(&o.create),
      "first create the technicians that do not exist yet, as a dispatcher "
      "(create_technicians.h says how they are)")(
      "region", po::value(&o.region)->default_value("440106"), "--create: the district they serve")(
      "home_latitude", po::value(&o.home_latitude)->default_value(23.1291, "23.1291"),
      "--create: their home base")(
      "home_longitude", po::value(&o.home_longitude)->default_value(113.2644, "113.2644"),
      "--create: their home base")(
      "start_anchor", po::value(&o.start_anchor),
      "RFC 3339 wall-clock instant at which simulated time is --start (the services' "
      "fake_now_anchor; default: when techsim starts)")(
      "orders", po::value(&o.orders), "--feed_orders: the orders service, host:port")(
      "feed_orders", po::value(&o.feed_orders)->default_value(0),
      "repair orders per technician and working day to take and book (0: none; needs --orders "
      "and --duration)")("feed_days", po::value(&o.feed_days)->default_value(2),
                         "--feed_orders: working days to fill")(
      "feed_first_day", po::value(&o.feed_first_day),
      "--feed_orders: the first day to fill, YYYY-MM-DD (default: --start's business day); "
      "Sundays are skipped")("business_utc_offset",
                             po::value(&o.business_utc_offset)->default_value("8h"),
                             "the services' business time zone")(
      "parts_delay", po::value(&o.parts_delay)->default_value("1h"),
      "--feed_orders: parts arrive this long (simulated) after a visit needed them")(
      "feed_threads", po::value(&o.feed_threads)->default_value(8),
      "--feed_orders: orders taken and booked at once");
  fieldservice::tools::AddTokenOptions(
      description, o.tokens,
      "instead of --key: a folder of tokens, <technician id>.jwt each, dispatcher.jwt for "
      "--create and agent.jwt for --feed_orders");
  po::variables_map values;
  int exit_code = 0;
  if (!fieldservice::tools::ReadCommandLine("techsim", argc, argv, description, &values,
                                            &exit_code)) {
    return exit_code;
  }
  if (absl::Status source = fieldservice::tools::CheckTokenSource(o.tokens); !source.ok()) {
    return Usage(std::string(source.message()));
  }
  if (o.technicians < 1) return Usage("--technicians must be at least 1");
  if (o.ca.empty() && !o.plaintext) return Usage("--ca is required unless --plaintext");
  const techsim::Behaviour& b = o.behaviour;
  if (!Rate(b.parts_rate) || !Rate(b.not_home_rate) || !Rate(b.drop_rate) ||
      !Rate(b.offline_rate) || b.parts_rate + b.not_home_rate > 1) {
    return Usage("rates must be between 0 and 1, and parts_rate + not_home_rate at most 1");
  }
  if (!(o.time_scale > 0)) return Usage("--time_scale must be positive");
  if (o.duration.empty() == !o.until_idle) return Usage("give one of --duration and --until_idle");
  absl::Duration duration = absl::InfiniteDuration();
  absl::Duration idle_after;
  if (!o.duration.empty() &&
      (!absl::ParseDuration(o.duration, &duration) || duration <= absl::ZeroDuration())) {
    return Usage("--duration must be a positive duration like 48h");
  }
  if (!absl::ParseDuration(o.idle_after, &idle_after) || idle_after < absl::ZeroDuration() ||
      !absl::ParseDuration(o.travel, &o.behaviour.travel) ||
      o.behaviour.travel <= absl::ZeroDuration() ||
      !absl::ParseDuration(o.on_site, &o.behaviour.on_site) ||
      o.behaviour.on_site <= absl::ZeroDuration()) {
    return Usage("--idle_after, --travel and --on_site must be durations like 3s or 20m");
  }
  absl::Time start = absl::Now();
  std::string error;
  if (!o.start.empty() && !absl::ParseTime(absl::RFC3339_full, o.start, &start, &error)) {
    return Usage("--start must be an RFC 3339 time like 2026-11-23T07:00:00+08:00: " + error);
  }
  absl::Time anchor = absl::Now();
  if (!o.start_anchor.empty() &&
      !absl::ParseTime(absl::RFC3339_full, o.start_anchor, &anchor, &error)) {
    return Usage("--start_anchor must be an RFC 3339 time: " + error);
  }
  absl::Duration business_offset;
  if (!absl::ParseDuration(o.business_utc_offset, &business_offset) ||
      !absl::ParseDuration(o.parts_delay, &o.behaviour.parts_delay) ||
      o.behaviour.parts_delay < absl::ZeroDuration()) {
    return Usage("--business_utc_offset and --parts_delay must be durations like 8h");
  }
  const absl::TimeZone zone =
      absl::FixedTimeZone(static_cast<int>(absl::ToInt64Seconds(business_offset)));
  std::vector<absl::CivilDay> feed_days;
  if (o.feed_orders != 0) {
    if (o.feed_orders < 0 || o.feed_orders > 5) return Usage("--feed_orders must be 0 to 5");
    if (o.orders.empty() || o.duration.empty()) {
      return Usage("--feed_orders needs --orders and --duration");
    }
    if (o.feed_days < 1 || o.feed_threads < 1) {
      return Usage("--feed_days and --feed_threads must be at least 1");
    }
    absl::CivilDay day = absl::ToCivilDay(start, zone);
    if (!o.feed_first_day.empty() && !absl::ParseCivilTime(o.feed_first_day, &day)) {
      return Usage("--feed_first_day must be a date like 2026-11-23");
    }
    while (static_cast<int>(feed_days.size()) < o.feed_days) {
      if (absl::GetWeekday(day) != absl::Weekday::sunday) feed_days.push_back(day);
      ++day;
    }
  }

  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!o.plaintext) {
    auto ca = fieldservice::common::ReadTextFile(o.ca);
    if (!ca.ok()) return Usage(absl::StrCat("--ca: ", ca.status().message()));
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = *ca;
    credentials = grpc::SslCredentials(tls);
  }
  auto channel = fieldservice::common::OpenServiceChannel(o.scheduling, credentials);
  if (!channel.ok()) return Usage(absl::StrCat("--scheduling: ", channel.status().message()));
  auto orders_channel = fieldservice::common::OpenServiceChannel(o.orders, credentials);
  if (!orders_channel.ok())
    return Usage(absl::StrCat("--orders: ", orders_channel.status().message()));
  auto tokens = Tokens::Of(o);
  if (!tokens.ok()) return Usage(std::string(tokens.status().message()));

  std::vector<std::string> ids;
  for (int i = 0; i < o.technicians; ++i) {
    ids.push_back(absl::StrFormat("%s%0*d", o.prefix, o.width, o.first + i));
  }
  if (o.create) {
    auto dispatcher = tokens->Dispatcher();
    if (!dispatcher.ok())
      return Usage(absl::StrCat("dispatcher token: ", dispatcher.status().message()));
    absl::Status created = techsim::CreateTechnicians(
        *channel, {.ids = ids,
                   .region_code = o.region,
                   .latitude = o.home_latitude,
                   .longitude = o.home_longitude,
                   .authorization = absl::StrCat("Bearer ", *dispatcher)});
    if (!created.ok()) {
      std::cerr << "techsim: " << created.message() << "\n";
      return 1;
    }
  }

  techsim::SimClock clock(start, anchor, o.time_scale);
  techsim::Figures figures;
  // Operation ids of this run never repeat a past run's.
  const std::string run_tag = absl::StrCat(absl::ToUnixMicros(absl::Now()), "-", o.seed);
  std::unique_ptr<techsim::JobFeeder> feeder;
  if (o.feed_orders != 0) {
    auto dispatcher = tokens->Dispatcher();
    auto agent = tokens->Agent();
    if (!dispatcher.ok() || !agent.ok()) {
      return Usage(absl::StrCat(
          "feeder tokens: ", (dispatcher.ok() ? agent.status() : dispatcher.status()).message()));
    }
    feeder = std::make_unique<techsim::JobFeeder>(
        techsim::FeedSetup{.orders = *orders_channel,
                           .scheduling = *channel,
                           .agent_authorization = absl::StrCat("Bearer ", *agent),
                           .dispatcher_authorization = absl::StrCat("Bearer ", *dispatcher),
                           .technician_ids = ids,
                           .days = feed_days,
                           .jobs_per_day = o.feed_orders,
                           .zone = zone,
                           .threads = o.feed_threads,
                           .run_tag = run_tag},
        clock);
  }
  std::vector<std::unique_ptr<techsim::SimulatedTechnician>> technicians;
  for (int i = 0; i < o.technicians; ++i) {
    const std::string& id = ids[i];
    auto token = tokens->For(id);
    if (!token.ok()) return Usage(absl::StrCat(id, ": token: ", token.status().message()));
    techsim::TechnicianSetup setup{.id = id,
                                   .authorization = absl::StrCat("Bearer ", *token),
                                   .index = i,
                                   .seed = o.seed * 1000003 + static_cast<uint64_t>(i),
                                   .run_tag = run_tag};
    if (feeder != nullptr) {
      setup.needs_booking = [f = feeder.get()](const std::string& job) { f->NeedsBooking(job); };
    }
    technicians.push_back(std::make_unique<techsim::SimulatedTechnician>(
        std::move(setup), o.behaviour, *channel, clock, figures));
  }
  for (auto& t : technicians) t->Start();
  if (feeder != nullptr) {
    const absl::Time feeding = absl::Now();
    absl::Status fed = feeder->FeedAll();
    if (!fed.ok()) {
      std::cerr << "techsim: feeding: " << fed.message() << "\n";
      for (auto& t : technicians) t->Stop();
      return 1;
    }
    std::fprintf(stderr, "techsim: fed %lld jobs in %s (wall clock), simulated now %s\n",
                 static_cast<long long>(feeder->figures().jobs.load()),
                 absl::FormatDuration(absl::Trunc(absl::Now() - feeding, absl::Seconds(1))).c_str(),
                 absl::FormatTime("%Y-%m-%d %H:%M", clock.Now(), zone).c_str());
  }

  const absl::Time end = start + duration;
  while (clock.Now() < end) {
    absl::SleepFor(absl::Milliseconds(100));
    if (!o.until_idle) continue;
    bool idle = true;
    for (const auto& t : technicians) {
      if (t->Busy() || absl::Now() - t->LastChange() < idle_after) {
        idle = false;
        break;
      }
    }
    if (idle) break;
  }
  // Visits under way end as they would (queues replayed), none starts.
  for (auto& t : technicians) t->StopTakingJobs();
  for (auto& t : technicians) t->Finish();

  std::string fed;
  bool all_ended = true;
  if (feeder != nullptr) {
    feeder->Drain();
    auto ending = feeder->Tally(end);
    if (!ending.ok()) {
      std::cerr << "techsim: " << ending.status().message() << "\n";
      return 1;
    }
    const techsim::FeedFigures& f = feeder->figures();
    fed = absl::StrCat(" jobs=", f.jobs.load(), " rebooked=", f.rebooked.load(),
                       " ended_completed=", ending->completed,
                       " ended_rescheduled=", ending->rescheduled,
                       " unfinished=", ending->unfinished, " feed_errors=", f.errors.load());
    all_ended = ending->unfinished == 0 && f.errors.load() == 0;
  }
  std::printf("techsim: technicians=%d simulated=%s %s%s\n", o.technicians,
              absl::FormatDuration(absl::Trunc(clock.Now() - start, absl::Minutes(1))).c_str(),
              figures.Line().c_str(), fed.c_str());
  return figures.errors.load() == 0 && all_ended ? 0 : 1;
}
