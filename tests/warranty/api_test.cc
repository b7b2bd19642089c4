// The warranty API through a real gRPC server on port 0, on real MariaDB.
// The whole case table (tests/warranty/cases/warranty_cases.txt, each case
// citing its DOMAIN.md rule) runs through DecideCoverage, one test per case.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <fstream>
#include <map>
#include <sstream>

#include "fieldservice/warranty/v1/warranty.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/common/errors.h"
#include "services/common/files.h"
#include "services/common/ids.h"
#include "services/common/migrations.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "services/warranty/api/warranty_handler.h"
#include "services/warranty/domain/catalogue_service.h"
#include "services/warranty/domain/decision_service.h"
#include "services/warranty/domain/enum_names.h"
#include "services/warranty/storage/mysql_warranty_repository.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"
#include "tests/warranty/domain/case_table.h"

namespace fieldservice::warranty {
namespace {

namespace v1 = ::fieldservice::warranty::v1;
using ::testing::Contains;
using ::testing::HasSubstr;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

std::string ReadFile(const std::string& path) {
  absl::StatusOr<std::string> text = common::ReadTextFile(path);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.value_or("");
}

// One server and database for the whole suite: every case is an independent
// request with its own request_id.
class WarrantyServer {
 public:
  WarrantyServer() {
    db_ = fieldservice::testing::CreateTestDatabase("warranty");
    pool_ = std::make_unique<common::ConnectionPool>(db_);
    auto applied = common::ApplyMigrations(*pool_, EmbeddedMigrations(), absl::Seconds(30));
    EXPECT_TRUE(applied.ok()) << applied.status();
    auto calendar = common::WorkingCalendar::LoadFile(
        std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", kChina);
    EXPECT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = std::make_unique<common::WorkingCalendar>(*calendar);
    repository_ = std::make_unique<MySqlWarrantyRepository>(*pool_, common::RetryPolicy{});
    catalogues_ = std::make_unique<CatalogueService>(*repository_, clock_, absl::Seconds(10));
    shipped_ = ReadFile(std::string(FS_SOURCE_DIR) + "/data/warranty/catalogue.txt");
    EXPECT_TRUE(catalogues_->Bootstrap(shipped_, "catalogue.txt").ok());
    decisions_ = std::make_unique<DecisionService>(*repository_, *catalogues_, *calendar_, clock_);
    handler_ = std::make_unique<api::WarrantyHandler>(*decisions_, *catalogues_, *calendar_);
    auto host = common::ServerHost::Start(testing::TestServerOptions("warranty"),
                                          {common::Served<v1::Warranty>(handler_.get())});
    EXPECT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    stub_ = v1::Warranty::NewStub(testing::TestChannel(host_->port()));
  }
  ~WarrantyServer() {
    host_->Shutdown(absl::Seconds(1));
    host_.reset();
    pool_.reset();
    fieldservice::testing::DropTestDatabase(db_);
  }

  v1::Warranty::Stub& stub() { return *stub_; }
  common::ConnectionPool& pool() { return *pool_; }
  const std::string& shipped() const { return shipped_; }
  common::FakeClock& clock() { return clock_; }

 private:
  common::DbSettings db_;
  std::unique_ptr<common::ConnectionPool> pool_;
  common::FakeClock clock_{absl::FromCivil(absl::CivilSecond(2025, 11, 20, 10, 0, 0), kChina)};
  std::unique_ptr<common::WorkingCalendar> calendar_;
  std::unique_ptr<MySqlWarrantyRepository> repository_;
  std::unique_ptr<CatalogueService> catalogues_;
  std::unique_ptr<DecisionService> decisions_;
  std::string shipped_;
  std::unique_ptr<api::WarrantyHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::Warranty::Stub> stub_;
};

WarrantyServer* server = nullptr;

class WarrantyEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { server = new WarrantyServer(); }
  void TearDown() override {
    delete server;
    server = nullptr;
  }
};

using common::SetDate;

void SetTime(absl::Time t, google::protobuf::Timestamp* out) { common::SetTimestamp(t, out); }

// The case's request as a client would send it; fields the table gave as
// instants travel as instants, so the server does the business-day work.
v1::DecideCoverageRequest ToProto(const cases::WarrantyCase& c) {
  const DecisionRequest& r = c.request;
  v1::DecideCoverageRequest p;
  p.set_request_id(absl::StrCat("case-", c.id));
  p.mutable_product()->set_category(r.product.category);
  p.mutable_product()->set_brand(r.product.brand);
  p.mutable_product()->set_model(r.product.model);
  p.mutable_product()->set_serial(r.product.serial);
  p.mutable_product()->set_brand_terms(r.product.brand_terms);
  if (auto it = c.instants.find("invoice_date"); it != c.instants.end()) {
    SetTime(it->second, p.mutable_invoice_time());
  } else if (r.invoice_date) {
    SetDate(*r.invoice_date, p.mutable_invoice_date());
  }
  if (r.installation_date) SetDate(*r.installation_date, p.mutable_installation_date());
  if (r.production_date) SetDate(*r.production_date, p.mutable_production_date());
  p.mutable_proof()->set_invoice_present(r.proof.invoice_present);
  p.mutable_proof()->set_warranty_card_present(r.proof.warranty_card_present);
  p.mutable_proof()->set_altered(r.proof.altered);
  p.mutable_proof()->set_card_model_mismatch(r.proof.card_model_mismatch);
  p.mutable_fault()->set_performance_fault(r.fault.performance_fault);
  p.mutable_fault()->set_component(r.fault.component);
  p.mutable_fault()->set_main_part(r.fault.main_part);
  p.mutable_causes()->set_misuse(r.causes.misuse);
  p.mutable_causes()->set_unauthorised_repair(r.causes.unauthorised_repair);
  p.mutable_causes()->set_force_majeure(r.causes.force_majeure);
  p.mutable_causes()->set_improper_storage(r.causes.improper_storage);
  p.set_sale_type(r.sale_type == SaleType::kNormal ? v1::NORMAL : v1::SECONDS_DISCLOSED);
  p.set_use(r.use == Use::kHousehold ? v1::HOUSEHOLD : v1::COMMERCIAL);
  for (const RepairRecord& rep : r.history.repairs) {
    auto* out = p.mutable_history()->add_repairs();
    SetDate(rep.date, out->mutable_date());
    out->set_component(rep.component);
    out->set_days_in_repair(rep.days_in_repair);
  }
  if (r.history.exchanged_on)
    SetDate(*r.history.exchanged_on, p.mutable_history()->mutable_exchanged_on());
  for (const MainPartReplacement& m : r.history.main_parts_replaced) {
    auto* out = p.mutable_history()->add_main_parts_replaced();
    out->set_part(m.part);
    SetDate(m.date, out->mutable_date());
  }
  p.set_repair_delay_days(r.repair_delay_days);
  p.set_parts_wait_days(r.parts_wait_days);
  p.mutable_price_paid()->set_amount_fen(r.price_paid_fen);
  p.set_same_model_out_of_stock(!r.same_model_in_stock);
  p.set_insists_on_refund(r.insists_on_refund);
  if (auto it = c.instants.find("request_date"); it != c.instants.end()) {
    SetTime(it->second, p.mutable_request_time());
  } else if (r.request_date) {
    // Noon local: unambiguously that business day.
    SetTime(absl::FromCivil(absl::CivilHour(r.request_date->year(), r.request_date->month(),
                                            r.request_date->day(), 12),
                            kChina),
            p.mutable_request_time());
  }
  return p;
}

absl::CivilDay Day(const fieldservice::type::Date& d) {
  return absl::CivilDay(d.year(), d.month(), d.day());
}

// The API's answer in the domain's terms, so the table's checker applies.
absl::StatusOr<Decision> FromProto(const grpc::Status& status, const v1::Decision& p) {
  if (!status.ok()) {
    google::rpc::Status details;
    std::vector<common::FieldViolation> violations;
    if (details.ParseFromString(status.error_details())) {
      for (const auto& any : details.details()) {
        google::rpc::BadRequest bad;
        if (!any.UnpackTo(&bad)) continue;
        for (const auto& v : bad.field_violations())
          violations.push_back({v.field(), v.description()});
      }
    }
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && !violations.empty()) {
      return common::InvalidArgumentError(violations);
    }
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  Decision d;
  d.coverage = *ValueNamed(kCoverageNames, v1::Coverage_Name(p.coverage()));
  for (int r : p.remedies()) {
    d.remedies.push_back(*ValueNamed(kRemedyNames, v1::Remedy_Name(r)));
  }
  if (p.has_refund()) {
    Refund f;
    f.amount_fen = p.refund().amount().amount_fen();
    f.depreciation_fen = p.refund().depreciation().amount_fen();
    f.days_used = p.refund().days_used();
    f.depreciated = p.refund().depreciated();
    d.refund = f;
  }
  if (p.has_period()) {
    AppliedPeriod period;
    period.kind = *ValueNamed(kPeriodKindNames, v1::PeriodKind_Name(p.period().kind()));
    period.part = p.period().part();
    period.start = Day(p.period().start_date());
    period.end.end = Day(p.period().end_date());
    d.period = period;
  }
  for (const auto& rule : p.rules())
    d.rules.push_back({rule.id(), rule.reason_zh(), rule.reason_en()});
  d.catalogue_version = p.catalogue_version();
  if (p.has_quote()) {
    Quote q;
    q.total_fen = p.quote().total().amount_fen();
    d.quote = q;
  }
  return d;
}

class WarrantyCaseTest : public ::testing::TestWithParam<cases::WarrantyCase> {};

// Each case cites the DOMAIN.md rule it checks (`rule` in the table).
TEST_P(WarrantyCaseTest, DecidesThroughTheApi) {
  const cases::WarrantyCase& c = GetParam();
  v1::DecideCoverageRequest request = ToProto(c);
  grpc::ClientContext context;
  testing::Authorize(context, "agent-1", {"agent"});
  v1::Decision response;
  grpc::Status status = server->stub().DecideCoverage(&context, request, &response);
  std::vector<std::string> problems = cases::CheckDecision(c, FromProto(status, response));
  for (const std::string& p : problems)
    ADD_FAILURE() << c.id << " (line " << c.line << ", " << c.rule << "): " << p;
  if (status.ok()) {
    // Every decision is explained: rule ids with reasons in both languages.
    for (const auto& rule : response.rules()) {
      EXPECT_FALSE(rule.reason_zh().empty()) << rule.id();
      EXPECT_FALSE(rule.reason_en().empty()) << rule.id();
    }
    EXPECT_FALSE(response.catalogue_version().empty());
    EXPECT_FALSE(response.summary().empty());
  }
}

std::vector<cases::WarrantyCase> AllCases() {
  auto table = cases::LoadCaseTable(
      std::string(FS_SOURCE_DIR) + "/tests/warranty/cases/warranty_cases.txt", kChina);
  if (!table.ok()) {
    ADD_FAILURE() << table.status();
    return {};
  }
  return *table;
}

INSTANTIATE_TEST_SUITE_P(Table, WarrantyCaseTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<cases::WarrantyCase>& info) {
                           std::string name;
                           for (char ch : info.param.id) name += std::isalnum(ch) ? ch : '_';
                           return name;
                         });

v1::DecideCoverageRequest Simple(const std::string& request_id) {
  cases::WarrantyCase c;
  c.request = cases::DefaultCaseRequest();
  c.id = request_id;
  v1::DecideCoverageRequest r = ToProto(c);
  r.set_request_id(request_id);
  r.set_order(
      absl::StrCat("repairOrders/", common::FormatOrderNumber(absl::CivilDay(2025, 11, 20), 7)));
  return r;
}

// Issue 3: decisions are stored and read back by id, serial and order; the
// same request_id returns the same decision.
TEST(WarrantyApiTest, DecisionsAreStoredAndReadBack) {
  v1::DecideCoverageRequest request = Simple("stored-1");
  v1::Decision first, again, read;
  {
    grpc::ClientContext ctx;
    testing::Authorize(ctx, "agent-1", {"agent"});
    ASSERT_TRUE(server->stub().DecideCoverage(&ctx, request, &first).ok());
  }
  {
    grpc::ClientContext ctx;
    testing::Authorize(ctx, "agent-1", {"agent"});
    ASSERT_TRUE(server->stub().DecideCoverage(&ctx, request, &again).ok());
  }
  EXPECT_EQ(first.decision_id(), again.decision_id());
  EXPECT_EQ(first.name(), "decisions/" + first.decision_id());
  v1::GetDecisionRequest get;
  get.set_name(first.name());
  grpc::ClientContext ctx;
  testing::Authorize(ctx, "agent-1", {"agent"});
  ASSERT_TRUE(server->stub().GetDecision(&ctx, get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), first.SerializeAsString());

  v1::ListDecisionsRequest by_order;
  by_order.set_order(request.order());
  v1::ListDecisionsResponse listed;
  grpc::ClientContext ctx2;
  testing::Authorize(ctx2, "agent-1", {"agent"});
  ASSERT_TRUE(server->stub().ListDecisions(&ctx2, by_order, &listed).ok());
  ASSERT_EQ(listed.decisions_size(), 1);
  EXPECT_EQ(listed.decisions(0).decision_id(), first.decision_id());

  v1::ListDecisionsRequest both;
  both.set_order(request.order());
  both.set_serial("x");
  grpc::ClientContext ctx3;
  testing::Authorize(ctx3, "agent-1", {"agent"});
  EXPECT_EQ(server->stub().ListDecisions(&ctx3, both, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Issue 3: bad input gets a clear error naming each field; an unknown
// category lists the known ones.
TEST(WarrantyApiTest, BadInputNamesEveryField) {
  v1::DecideCoverageRequest request = Simple("");
  request.mutable_product()->set_category("toaster");
  request.mutable_price_paid()->set_amount_fen(-5);
  request.mutable_invoice_date()->set_month(13);
  request.set_repair_delay_days(-1);
  grpc::ClientContext ctx;
  testing::Authorize(ctx, "agent-1", {"agent"});
  v1::Decision out;
  grpc::Status status = server->stub().DecideCoverage(&ctx, request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto decoded = FromProto(status, out);
  std::vector<std::string> fields;
  std::string toaster;
  for (const auto& v : common::FieldViolationsOf(decoded.status())) {
    fields.push_back(v.field);
    if (v.field == "product.category") toaster = v.description;
  }
  EXPECT_THAT(fields, Contains("request_id"));
  EXPECT_THAT(fields, Contains("product.category"));
  EXPECT_THAT(fields, Contains("price_paid.amount_fen"));
  EXPECT_THAT(fields, Contains("invoice_date"));
  EXPECT_THAT(fields, Contains("repair_delay_days"));
  EXPECT_THAT(toaster, HasSubstr("refrigerator"));
}

// Issue 3: the catalogue loads through an admin RPC and is versioned; a
// catalogue that gives less than the law is refused; old decisions keep
// naming the version they used.
TEST(WarrantyApiTest, CatalogueVersionsLoadThroughTheAdminRpc) {
  v1::Decision before;
  {
    grpc::ClientContext ctx;
    testing::Authorize(ctx, "agent-1", {"agent"});
    ASSERT_TRUE(server->stub().DecideCoverage(&ctx, Simple("before-load"), &before).ok());
  }
  std::string shipped = server->shipped();
  size_t at = shipped.find("version");
  ASSERT_NE(at, std::string::npos);
  size_t eol = shipped.find('\n', at);
  std::string next = shipped.substr(0, at) + "version = test-next" + shipped.substr(eol);

  v1::LoadCatalogueRequest load;
  load.set_text(next);
  v1::Catalogue loaded;
  {
    grpc::ClientContext ctx;
    testing::Authorize(ctx, "agent-1", {"agent"});
    EXPECT_EQ(server->stub().LoadCatalogue(&ctx, load, &loaded).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext ctx;
    testing::Authorize(ctx, "admin-1", {"catalogue_admin"});
    grpc::Status s = server->stub().LoadCatalogue(&ctx, load, &loaded);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(loaded.version(), "test-next");
  EXPECT_TRUE(loaded.active());
  EXPECT_THAT(loaded.categories(), Contains("refrigerator"));

  v1::Decision after;
  {
    grpc::ClientContext ctx;
    testing::Authorize(ctx, "agent-1", {"agent"});
    ASSERT_TRUE(server->stub().DecideCoverage(&ctx, Simple("after-load"), &after).ok());
  }
  EXPECT_EQ(after.catalogue_version(), "test-next");
  v1::GetDecisionRequest get;
  get.set_name(before.name());
  v1::Decision reread;
  grpc::ClientContext ctx;
  testing::Authorize(ctx, "agent-1", {"agent"});
  ASSERT_TRUE(server->stub().GetDecision(&ctx, get, &reread).ok());
  EXPECT_EQ(reread.catalogue_version(), before.catalogue_version());
  EXPECT_NE(reread.catalogue_version(), "test-next");

  // The same version with another text is refused; a parse error names the line.
  v1::LoadCatalogueRequest clash;
  clash.set_text(next + "\n# changed\n");
  grpc::ClientContext c1;
  testing::Authorize(c1, "admin-1", {"catalogue_admin"});
  EXPECT_EQ(server->stub().LoadCatalogue(&c1, clash, &loaded).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  v1::LoadCatalogueRequest broken;
  broken.set_text("version = broken\nthis is not a catalogue line\n");
  grpc::ClientContext c2;
  testing::Authorize(c2, "admin-1", {"catalogue_admin"});
  grpc::Status s = server->stub().LoadCatalogue(&c2, broken, &loaded);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("line"));

  // Back to the shipped catalogue for the other tests.
  v1::LoadCatalogueRequest restore;
  restore.set_text(shipped);
  grpc::ClientContext c3;
  testing::Authorize(c3, "admin-1", {"catalogue_admin"});
  ASSERT_TRUE(server->stub().LoadCatalogue(&c3, restore, &loaded).ok());
  v1::GetCatalogueRequest active;
  active.set_name("catalogues/active");
  grpc::ClientContext c4;
  testing::Authorize(c4, "agent-1", {"agent"});
  ASSERT_TRUE(server->stub().GetCatalogue(&c4, active, &loaded).ok());
  EXPECT_NE(loaded.version(), "test-next");
}

// The field violations of a failed call, as (field, description) pairs.
std::vector<common::FieldViolation> ViolationsOf(const grpc::Status& status) {
  v1::Decision unused;
  return common::FieldViolationsOf(FromProto(status, unused).status());
}

grpc::Status Decide(const v1::DecideCoverageRequest& request, v1::Decision* out) {
  grpc::ClientContext ctx;
  testing::Authorize(ctx, "agent-1", {"agent"});
  return server->stub().DecideCoverage(&ctx, request, out);
}

// The same request_id with a different request is refused on request_id;
// the identical request again gets the stored decision.
TEST(WarrantyApiTest, RequestIdReusedForADifferentRequestIsRefused) {
  v1::DecideCoverageRequest request = Simple("reused-1");
  v1::Decision first, again, other;
  ASSERT_TRUE(Decide(request, &first).ok());
  ASSERT_TRUE(Decide(request, &again).ok());
  EXPECT_EQ(again.decision_id(), first.decision_id());

  v1::DecideCoverageRequest changed = request;
  changed.mutable_causes()->set_misuse(true);
  grpc::Status status = Decide(changed, &other);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<common::FieldViolation> violations = ViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u) << status.error_message();
  EXPECT_EQ(violations[0].field, "request_id");
  EXPECT_THAT(violations[0].description, HasSubstr("already used for a different request"));
  EXPECT_THAT(violations[0].description, HasSubstr(first.name()));
}

// Every request enum refuses a value it does not know, naming the field.
TEST(WarrantyApiTest, UnknownEnumValuesAreRefused) {
  v1::DecideCoverageRequest request = Simple("enum-1");
  request.set_sale_type(static_cast<v1::SaleType>(9));
  request.set_use(static_cast<v1::Use>(7));
  v1::Decision out;
  grpc::Status status = Decide(request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : ViolationsOf(status)) fields.push_back(v.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("sale_type", "use"));
}

// Free text longer than its column is INVALID_ARGUMENT naming the field,
// never INTERNAL or a truncated row; characters, not bytes, are counted.
TEST(WarrantyApiTest, TooLongTextIsRefusedNamingTheField) {
  std::string chinese_64;
  for (int i = 0; i < 64; ++i) chinese_64 += "序";
  v1::DecideCoverageRequest fits = Simple("long-fits");
  fits.mutable_product()->set_serial(chinese_64);
  v1::Decision stored;
  grpc::Status ok = Decide(fits, &stored);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(stored.serial(), chinese_64);

  v1::DecideCoverageRequest too_long = Simple(std::string(65, 'r'));
  too_long.mutable_product()->set_serial(chinese_64 + "序");
  too_long.mutable_product()->set_model(std::string(65, 'M'));
  too_long.set_order("repairOrders/" + std::string(60, '1'));
  v1::Decision out;
  grpc::Status status = Decide(too_long, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  std::vector<std::string> fields;
  for (const auto& v : ViolationsOf(status)) fields.push_back(v.field);
  EXPECT_THAT(fields,
              ::testing::IsSupersetOf({"request_id", "order", "product.serial", "product.model"}));

  v1::ListDecisionsRequest list;
  list.set_serial(chinese_64 + "序");
  v1::ListDecisionsResponse listed;
  grpc::ClientContext ctx;
  testing::Authorize(ctx, "agent-1", {"agent"});
  grpc::Status list_status = server->stub().ListDecisions(&ctx, list, &listed);
  ASSERT_EQ(list_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolationsOf(list_status).at(0).field, "serial");

  v1::GetDecisionRequest get_decision;
  get_decision.set_name("decisions/" + std::string(37, 'd'));
  v1::GetCatalogueRequest get_catalogue;
  get_catalogue.set_name("catalogues/" + std::string(65, 'v'));
  grpc::ClientContext c1, c2;
  testing::Authorize(c1, "agent-1", {"agent"});
  testing::Authorize(c2, "agent-1", {"agent"});
  v1::Catalogue catalogue;
  grpc::Status decision_status = server->stub().GetDecision(&c1, get_decision, &out);
  grpc::Status catalogue_status = server->stub().GetCatalogue(&c2, get_catalogue, &catalogue);
  for (const grpc::Status& s : {decision_status, catalogue_status}) {
    ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_EQ(ViolationsOf(s).at(0).field, "name");
  }
}

// A violation names the field as sent, with dates in the business zone: a
// purchase at 00:30 on the 21st in UTC+8 (16:30 on the 20th in UTC) is
// after a request at noon on the 20th.
TEST(WarrantyApiTest, ViolationsNameTheFieldSentInBusinessDates) {
  v1::DecideCoverageRequest request = Simple("zone-1");
  request.clear_invoice_date();
  SetTime(absl::FromCivil(absl::CivilSecond(2025, 11, 20, 16, 30, 0), absl::UTCTimeZone()),
          request.mutable_invoice_time());
  SetTime(absl::FromCivil(absl::CivilSecond(2025, 11, 20, 12, 0, 0), kChina),
          request.mutable_request_time());
  v1::Decision out;
  grpc::Status status = Decide(request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<common::FieldViolation> violations = ViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u) << status.error_message();
  EXPECT_EQ(violations[0].field, "invoice_time");
  EXPECT_EQ(violations[0].description,
            "purchase date 2025-11-21 is after the request date 2025-11-20");
}

// The active catalogue tells a client (orders at intake) each category's
// id, Chinese name, main parts and other known parts.
TEST(WarrantyApiTest, ActiveCatalogueListsCategoriesWithTheirParts) {
  v1::GetCatalogueRequest get;
  get.set_name("catalogues/active");
  v1::Catalogue catalogue;
  grpc::ClientContext ctx;
  testing::Authorize(ctx, "agent-1", {"agent"});
  ASSERT_TRUE(server->stub().GetCatalogue(&ctx, get, &catalogue).ok());
  std::map<std::string, v1::CategoryInfo> by_id;
  for (const v1::CategoryInfo& info : catalogue.category_info()) by_id[info.id()] = info;
  ASSERT_TRUE(by_id.contains("refrigerator"));
  EXPECT_EQ(by_id["refrigerator"].name_zh(), "电冰箱");
  EXPECT_THAT(by_id["refrigerator"].main_parts(), Contains("compressor"));
  EXPECT_THAT(by_id["refrigerator"].components(), Contains("defrost_heater"));
  EXPECT_THAT(by_id["refrigerator"].components(), ::testing::Not(Contains("compressor")));
  ASSERT_TRUE(by_id.contains("mobile_phone"));
  EXPECT_THAT(by_id["mobile_phone"].main_parts(), ::testing::IsEmpty());
  EXPECT_THAT(by_id["mobile_phone"].components(), Contains("battery"));
  EXPECT_EQ(by_id.size(), static_cast<size_t>(catalogue.categories_size()));
  EXPECT_THAT(catalogue.loaded_by(), HasSubstr("shipped:"));
}

// A stored value this build cannot read is DATA_LOSS, never a default.
TEST(WarrantyApiTest, UnreadableStoredValuesAreDataLoss) {
  v1::Decision decided;
  ASSERT_TRUE(Decide(Simple("corrupt-1"), &decided).ok());
  absl::Status corrupted =
      common::RunInTransaction(server->pool(), common::RetryPolicy{}, [&](sql::Connection& c) {
        common::Statement(c, "UPDATE decisions SET coverage = 'MAYBE' WHERE decision_id = ?")
            .Bind(decided.decision_id())
            .Execute();
        return absl::OkStatus();
      });
  ASSERT_TRUE(corrupted.ok()) << corrupted;
  v1::GetDecisionRequest get;
  get.set_name(decided.name());
  v1::Decision read;
  grpc::ClientContext ctx;
  testing::Authorize(ctx, "agent-1", {"agent"});
  grpc::Status status = server->stub().GetDecision(&ctx, get, &read);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("coverage"));
}

}  // namespace
}  // namespace fieldservice::warranty

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new fieldservice::warranty::WarrantyEnvironment());
  return RUN_ALL_TESTS();
}
