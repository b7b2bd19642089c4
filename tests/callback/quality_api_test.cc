// The quality signals over gRPC on port 0, with the real MariaDB, the
// shipped access policy and a fake clock: completed visits reported to the
// callback service (Callbacks.RecordVisitCompleted, as the orders service
// sends them) are fault reports; the batch threshold at 49, 50 and exactly
// 5%; a visit delivered twice and a unit reported twice count once; new and
// safety-related defects; the sheet followed until closed; the sales
// figures imported as data.
#include <grpcpp/create_channel.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "fieldservice/callback/v1/quality_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/callback/api/callback_handler.h"
#include "services/callback/api/quality_handler.h"
#include "services/callback/domain/callback_service.h"
#include "services/callback/domain/quality_service.h"
#include "services/callback/storage/mysql_callback_repository.h"
#include "services/callback/storage/mysql_quality_repository.h"
#include "services/common/clock.h"
#include "services/common/files.h"
#include "services/common/migrations.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "tests/callback/callback_test_support.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"

namespace fieldservice::callback {
namespace {

namespace v1 = ::fieldservice::callback::v1;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
const absl::Time kCompleted = absl::FromCivil(absl::CivilSecond(2026, 6, 8, 16, 0, 0), kChina);
const absl::Time kStart = absl::FromCivil(absl::CivilSecond(2026, 6, 10, 10, 0, 0), kChina);

constexpr char kModel[] = "BCD-216";
constexpr char kFault[] = "no_cooling";

class QualityApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Open("quality");
    ASSERT_NE(store_.pool, nullptr);
    callbacks_repository_ =
        std::make_unique<MySqlCallbackRepository>(*store_.pool, common::RetryPolicy{});
    quality_repository_ =
        std::make_unique<MySqlQualityRepository>(*store_.pool, common::RetryPolicy{});
    quality_ = std::make_unique<QualityService>(*quality_repository_, clock_, QualityPolicy{});
    auto callbacks = CallbackService::Create(*callbacks_repository_, clock_, *store_.calendar,
                                             CallbackPolicy{}, SurveyPolicy{});
    ASSERT_TRUE(callbacks.ok()) << callbacks.status();
    callbacks_ = *std::move(callbacks);
    callbacks_->RecordFaultsWith(quality_.get());
    callback_handler_ = std::make_unique<api::CallbackHandler>(*callbacks_);
    quality_handler_ = std::make_unique<api::QualityHandler>(*quality_);
    auto host = common::ServerHost::Start(fieldservice::testing::TestServerOptions("callback"),
                                          {common::Served<v1::Callbacks>(callback_handler_.get()),
                                           common::Served<v1::Quality>(quality_handler_.get())});
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    orders_ = v1::Callbacks::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                            fieldservice::testing::ServiceCredentials("orders")));
    people_ = v1::Quality::NewStub(fieldservice::testing::TestChannel(host_->port()));
  }
  void TearDown() override {
    if (host_) host_->Shutdown(absl::Seconds(1));
    host_.reset();
    store_.Close();
  }

  // A completed visit of `model` with `fault`, on the unit with `serial`.
  static v1::RecordVisitCompletedRequest Visit(const std::string& order, const std::string& serial,
                                               const std::string& fault = kFault,
                                               const std::string& model = kModel) {
    v1::RecordVisitCompletedRequest r;
    r.set_order_number(order);
    r.set_visit_number(1);
    common::SetTimestamp(kCompleted, r.mutable_completed_time());
    r.set_product_model(model);
    r.set_region_code("440106");
    r.set_technician_id("tech-01");
    r.set_serial(serial);
    r.set_symptom_code(fault);
    r.mutable_repair_facts()->set_free_under_warranty(true);
    r.mutable_summary()->set_product("冰箱");
    r.mutable_summary()->set_fault("不制冷");
    return r;
  }

  void Report(const v1::RecordVisitCompletedRequest& visit) {
    grpc::ClientContext context;
    v1::CallbackTask task;
    grpc::Status s = orders_->RecordVisitCompleted(&context, visit, &task);
    ASSERT_TRUE(s.ok()) << visit.order_number() << ": " << s.error_message();
  }

  // Units `first` .. `last` of a batch (serial `prefix`-NNNN), one order each.
  void ReportUnits(const std::string& prefix, int first, int last,
                   const std::string& fault = kFault) {
    for (int i = first; i <= last; ++i) {
      Report(Visit(absl::StrFormat("RO-%s-%04d", prefix, i), absl::StrFormat("%s-%04d", prefix, i),
                   fault));
    }
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& role = "quality",
                                          const std::string& who = "qa-li") {
    auto context = std::make_unique<grpc::ClientContext>();
    fieldservice::testing::Authorize(*context, who, {role});
    return context;
  }

  static v1::SalesFigure Figure(const std::string& batch, const std::string& prefix, int64_t sold,
                                const std::string& model = kModel) {
    v1::SalesFigure f;
    f.set_product_model(model);
    f.set_batch(batch);
    f.set_serial_prefix(prefix);
    f.set_units_sold(sold);
    return f;
  }

  grpc::Status Import(const std::vector<v1::SalesFigure>& figures,
                      v1::ImportSalesFiguresResponse* out) {
    v1::ImportSalesFiguresRequest request;
    for (const auto& f : figures) *request.add_figures() = f;
    return people_->ImportSalesFigures(As().get(), request, out);
  }

  void ImportOk(const std::vector<v1::SalesFigure>& figures) {
    v1::ImportSalesFiguresResponse out;
    grpc::Status s = Import(figures, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  std::vector<v1::QualitySheet> Sheets(v1::QualitySheetKind kind,
                                       std::vector<v1::QualitySheetState> states = {}) {
    v1::ListQualitySheetsRequest request;
    for (auto s : states) request.add_states(s);
    request.set_page_size(200);
    v1::ListQualitySheetsResponse response;
    grpc::Status s = people_->ListQualitySheets(As().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<v1::QualitySheet> out;
    for (const auto& sheet : response.sheets()) {
      if (kind == v1::QUALITY_SHEET_KIND_UNSPECIFIED || sheet.kind() == kind) out.push_back(sheet);
    }
    return out;
  }

  static std::vector<std::string> BadFields(const grpc::Status& status) {
    google::rpc::Status details;
    std::vector<std::string> out;
    if (!details.ParseFromString(status.error_details())) return out;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad;
      if (!any.UnpackTo(&bad)) continue;
      for (const auto& v : bad.field_violations()) out.push_back(v.field());
    }
    return out;
  }

  common::FakeClock clock_{kStart};
  callback::testing::CallbackTestDb store_;
  std::unique_ptr<MySqlCallbackRepository> callbacks_repository_;
  std::unique_ptr<MySqlQualityRepository> quality_repository_;
  std::unique_ptr<QualityService> quality_;
  std::unique_ptr<CallbackService> callbacks_;
  std::unique_ptr<api::CallbackHandler> callback_handler_;
  std::unique_ptr<api::QualityHandler> quality_handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::Callbacks::Stub> orders_;
  std::unique_ptr<v1::Quality::Stub> people_;
};

// 1000 sold: 5% is 50 units, so 49 units (4.9%) raise nothing and the 50th
// unit raises the batch accident, once.
TEST_F(QualityApiTest, TheFiftiethUnitOfABatchRaisesABatchAccident) {
  ImportOk({Figure("B2025-11", "BCD216-2511", 1000)});
  ReportUnits("BCD216-2511", 1, 49);
  EXPECT_THAT(Sheets(v1::QUALITY_BATCH_ACCIDENT), IsEmpty());

  clock_.Advance(absl::Minutes(5));
  ReportUnits("BCD216-2511", 50, 50);
  std::vector<v1::QualitySheet> batch = Sheets(v1::QUALITY_BATCH_ACCIDENT);
  ASSERT_EQ(batch.size(), 1u);
  const v1::QualitySheet sheet = batch[0];
  EXPECT_EQ(sheet.product_model(), kModel);
  EXPECT_EQ(sheet.batch(), "B2025-11");
  EXPECT_EQ(sheet.symptom_code(), kFault);
  EXPECT_EQ(sheet.affected_units(), 50);
  EXPECT_EQ(sheet.units_sold(), 1000);
  EXPECT_EQ(sheet.state(), v1::QUALITY_OPEN);
  EXPECT_EQ(sheet.first_order_number(), "RO-BCD216-2511-0001");
  EXPECT_EQ(sheet.last_order_number(), "RO-BCD216-2511-0050");
  EXPECT_EQ(absl::FromUnixSeconds(sheet.open_time().seconds()), kStart + absl::Minutes(5));
  ASSERT_EQ(sheet.steps_size(), 1);
  EXPECT_EQ(sheet.steps(0).actor(), "quality-signals");
  EXPECT_THAT(sheet.steps(0).note(), HasSubstr("50 units of 1000 sold"));

  // Further units follow the same sheet; no second one opens.
  ReportUnits("BCD216-2511", 51, 52);
  batch = Sheets(v1::QUALITY_BATCH_ACCIDENT);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].affected_units(), 52);
  EXPECT_EQ(batch[0].etag(), sheet.etag());  // figures are not a step
}

// 200 sold: 9 units (4.5%) raise nothing, however often they are reported;
// the 10th unit is exactly 5% and raises it.
TEST_F(QualityApiTest, ExactlyFivePercentOfASmallBatchRaisesIt) {
  ImportOk({Figure("B2026-01", "BCD216-2601", 200)});
  ReportUnits("BCD216-2601", 1, 9);
  // The same visit delivered again, and unit 1 again on another order.
  Report(Visit("RO-BCD216-2601-0009", "BCD216-2601-0009"));
  Report(Visit("RO-again-0001", "BCD216-2601-0001"));
  EXPECT_THAT(Sheets(v1::QUALITY_BATCH_ACCIDENT), IsEmpty());
  ReportUnits("BCD216-2601", 10, 10);
  std::vector<v1::QualitySheet> batch = Sheets(v1::QUALITY_BATCH_ACCIDENT);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].affected_units(), 10);
  EXPECT_EQ(batch[0].units_sold(), 200);
}

// Reports of one model are counted one after the other: units delivered
// at once across the threshold open one sheet that counts them all, and a
// visit delivered by several deliveries at once counts once.
TEST_F(QualityApiTest, ConcurrentReportsAreCountedOnce) {
  ImportOk({Figure("B2026-02", "BCD216-2602", 4800)});
  ReportUnits("BCD216-2602", 1, 46);
  std::vector<std::thread> deliveries;
  for (int i = 47; i <= 54; ++i) {
    // Units 47 to 50 twice each, at once; 51 to 54 once.
    for (int copy = 0; copy < (i <= 50 ? 2 : 1); ++copy) {
      deliveries.emplace_back([this, i] { ReportUnits("BCD216-2602", i, i); });
    }
  }
  for (std::thread& t : deliveries) t.join();
  std::vector<v1::QualitySheet> batch = Sheets(v1::QUALITY_BATCH_ACCIDENT);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].affected_units(), 54);
  EXPECT_EQ(Sheets(v1::QUALITY_NEW_DEFECT).size(), 1u);
}

// Units no serial prefix matches are in no known batch: no batch signal,
// however many; their fault is still a new defect of the model.
TEST_F(QualityApiTest, UnitsOfAnUnknownBatchRaiseNoBatchSignal) {
  ImportOk({Figure("B2026-01", "BCD216-2601", 200)});
  ReportUnits("OTHER", 1, 12);
  EXPECT_THAT(Sheets(v1::QUALITY_BATCH_ACCIDENT), IsEmpty());
  std::vector<v1::QualitySheet> fresh = Sheets(v1::QUALITY_NEW_DEFECT);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].affected_units(), 12);
}

TEST_F(QualityApiTest, TheFirstReportOfAFaultOnAModelOpensANewDefectSheet) {
  Report(Visit("RO-1", "S-1", "door_seal"));
  std::vector<v1::QualitySheet> fresh = Sheets(v1::QUALITY_NEW_DEFECT);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].symptom_code(), "door_seal");
  EXPECT_EQ(fresh[0].batch(), "");
  EXPECT_EQ(fresh[0].affected_units(), 1);
  EXPECT_EQ(fresh[0].first_order_number(), "RO-1");
  EXPECT_THAT(fresh[0].steps(0).note(), HasSubstr("first report of fault door_seal"));

  // Its second report, and the same fault on another model.
  Report(Visit("RO-2", "S-2", "door_seal"));
  Report(Visit("RO-3", "W-1", "door_seal", "XQB70-C"));
  fresh = Sheets(v1::QUALITY_NEW_DEFECT);
  ASSERT_EQ(fresh.size(), 2u);  // newest first
  EXPECT_EQ(fresh[0].product_model(), "XQB70-C");
  EXPECT_EQ(fresh[1].product_model(), kModel);
  EXPECT_EQ(fresh[1].affected_units(), 2);
  EXPECT_EQ(fresh[1].last_order_number(), "RO-2");

  // A visit without a symptom code names no fault.
  Report(Visit("RO-4", "S-4", ""));
  EXPECT_EQ(Sheets(v1::QUALITY_SHEET_KIND_UNSPECIFIED).size(), 2u);
}

TEST_F(QualityApiTest, ASafetyRelatedFaultOpensASafetySheet) {
  Report(Visit("RO-1", "S-1", "smoke"));
  EXPECT_THAT(Sheets(v1::QUALITY_NEW_DEFECT), IsEmpty());  // one sheet, the urgent reason
  std::vector<v1::QualitySheet> safety = Sheets(v1::QUALITY_SAFETY);
  ASSERT_EQ(safety.size(), 1u);
  EXPECT_EQ(safety[0].symptom_code(), "smoke");
  EXPECT_THAT(safety[0].steps(0).note(), HasSubstr("safety-related"));
  Report(Visit("RO-2", "S-2", "smoke"));
  safety = Sheets(v1::QUALITY_SAFETY);
  ASSERT_EQ(safety.size(), 1u);
  EXPECT_EQ(safety[0].affected_units(), 2);
}

TEST_F(QualityApiTest, ASheetIsFollowedUntilClosedWithItsFix) {
  const absl::Time opened = clock_.Now();
  Report(Visit("RO-1", "S-1", "door_seal"));
  v1::QualitySheet sheet = Sheets(v1::QUALITY_NEW_DEFECT).at(0);

  // Closing before it was acknowledged; a step without an etag.
  v1::CloseQualitySheetRequest close;
  close.set_name(sheet.name());
  close.set_etag(sheet.etag());
  close.set_fix_note("更换门封条供应商");
  v1::QualitySheet out;
  grpc::Status early = people_->CloseQualitySheet(As().get(), close, &out);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(early.error_message(), HasSubstr("ACKNOWLEDGED"));
  v1::AdvanceQualitySheetRequest ack;
  ack.set_name(sheet.name());
  ack.set_state(v1::QUALITY_ACKNOWLEDGED);
  grpc::Status no_etag = people_->AdvanceQualitySheet(As().get(), ack, &out);
  EXPECT_EQ(no_etag.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(no_etag), ElementsAre("etag"));

  ack.set_etag(sheet.etag());
  ack.set_note("收到，已转工厂");
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(people_->AdvanceQualitySheet(As("quality", "qa-li").get(), ack, &out).ok());
  EXPECT_EQ(out.state(), v1::QUALITY_ACKNOWLEDGED);
  ASSERT_EQ(out.steps_size(), 2);
  EXPECT_EQ(out.steps(1).actor(), "qa-li");
  EXPECT_EQ(out.steps(1).note(), "收到，已转工厂");
  EXPECT_NE(out.etag(), sheet.etag());

  // Another reader still holding the old etag loses nothing.
  v1::AdvanceQualitySheetRequest stale = ack;
  stale.set_state(v1::QUALITY_IN_PROGRESS);
  EXPECT_EQ(people_->AdvanceQualitySheet(As("quality", "qa-wang").get(), stale, &out).error_code(),
            grpc::StatusCode::ABORTED);

  // Followed: it is among the sheets not yet closed.
  const auto open_states = {v1::QUALITY_OPEN, v1::QUALITY_ACKNOWLEDGED, v1::QUALITY_IN_PROGRESS};
  EXPECT_EQ(Sheets(v1::QUALITY_SHEET_KIND_UNSPECIFIED, open_states).size(), 1u);

  v1::QualitySheet current;
  v1::GetQualitySheetRequest get;
  get.set_name(sheet.name());
  ASSERT_TRUE(people_->GetQualitySheet(As("supervisor", "sup-1").get(), get, &current).ok());
  close.set_etag(current.etag());
  close.set_fix_note(" ");
  grpc::Status no_fix = people_->CloseQualitySheet(As().get(), close, &out);
  EXPECT_EQ(no_fix.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(no_fix), ElementsAre("fix_note"));
  close.set_fix_note("更换门封条供应商");
  ASSERT_TRUE(people_->CloseQualitySheet(As("quality", "qa-wang").get(), close, &out).ok());
  EXPECT_EQ(out.state(), v1::QUALITY_CLOSED);
  EXPECT_EQ(out.steps(2).actor(), "qa-wang");
  EXPECT_EQ(out.steps(2).note(), "更换门封条供应商");
  EXPECT_THAT(Sheets(v1::QUALITY_SHEET_KIND_UNSPECIFIED, open_states), IsEmpty());
  EXPECT_EQ(Sheets(v1::QUALITY_SHEET_KIND_UNSPECIFIED, {v1::QUALITY_CLOSED}).size(), 1u);

  // Only the quality department takes steps; a supervisor reads.
  ack.set_etag(out.etag());
  EXPECT_EQ(people_->AdvanceQualitySheet(As("supervisor", "sup-1").get(), ack, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_name("qualitySheets/999");
  EXPECT_EQ(people_->GetQualitySheet(As().get(), get, &current).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // The monthly quality report's selection: a period the sheet was open in
  // (closed an hour after it opened) lists it with its steps; one after its
  // close, or before its opening, does not.
  const absl::Time closed = opened + absl::Hours(1);
  auto during =
      quality_repository_->SheetsActive(opened + absl::Minutes(30), closed + absl::Hours(1));
  ASSERT_TRUE(during.ok()) << during.status();
  ASSERT_EQ(during->size(), 1u);
  EXPECT_EQ((*during)[0].steps.size(), 3u);
  auto after =
      quality_repository_->SheetsActive(closed + absl::Seconds(1), closed + absl::Hours(1));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(*after, IsEmpty());
  auto before = quality_repository_->SheetsActive(opened - absl::Hours(2), opened);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_THAT(*before, IsEmpty());
}

TEST_F(QualityApiTest, SheetsAreListedNewestFirstInPages) {
  Report(Visit("RO-1", "S-1", "door_seal"));
  Report(Visit("RO-2", "S-2", "noise"));
  Report(Visit("RO-3", "W-1", "noise", "XQB70-C"));
  v1::ListQualitySheetsRequest request;
  request.set_product_model(kModel);
  request.set_page_size(1);
  v1::ListQualitySheetsResponse first, second;
  ASSERT_TRUE(people_->ListQualitySheets(As().get(), request, &first).ok());
  ASSERT_EQ(first.sheets_size(), 1);
  EXPECT_EQ(first.sheets(0).symptom_code(), "noise");
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  ASSERT_TRUE(people_->ListQualitySheets(As().get(), request, &second).ok());
  ASSERT_EQ(second.sheets_size(), 1);
  EXPECT_EQ(second.sheets(0).symptom_code(), "door_seal");
  EXPECT_TRUE(second.next_page_token().empty());
  // A token is for the filters it was made with.
  request.set_product_model("XQB70-C");
  grpc::Status other = people_->ListQualitySheets(As().get(), request, &second);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(other), ElementsAre("page_token"));
}

TEST_F(QualityApiTest, SalesFiguresAreImportedAsData) {
  // CSV text, as the start-up file has it: the shipped demo file.
  auto demo = common::ReadTextFile(std::string(FS_SOURCE_DIR) + "/data/callback/sales_figures.csv");
  ASSERT_TRUE(demo.ok()) << demo.status();
  v1::ImportSalesFiguresRequest csv;
  csv.set_csv(*demo);
  v1::ImportSalesFiguresResponse imported;
  grpc::Status s = people_->ImportSalesFigures(As("supervisor", "sup-1").get(), csv, &imported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(imported.imported(), 9);  // every row of the file
  v1::ListSalesFiguresRequest list;
  list.set_product_model(kModel);
  v1::ListSalesFiguresResponse listed;
  ASSERT_TRUE(people_->ListSalesFigures(As().get(), list, &listed).ok());
  ASSERT_EQ(listed.figures_size(), 3);
  EXPECT_EQ(listed.figures(0).batch(), "B2025-11");
  EXPECT_EQ(listed.figures(0).units_sold(), 1000);
  EXPECT_EQ(listed.figures(0).updated_by(), "sup-1");

  // The same rows again leave the figures as they were.
  ASSERT_TRUE(people_->ImportSalesFigures(As().get(), csv, &imported).ok());
  ASSERT_TRUE(people_->ListSalesFigures(As().get(), list, &listed).ok());
  EXPECT_EQ(listed.figures_size(), 3);
  EXPECT_EQ(listed.figures(0).units_sold(), 1000);

  // Bad rows are named; nothing is stored.
  v1::ImportSalesFiguresResponse none;
  grpc::Status bad =
      Import({Figure("B9", "P9", 10), Figure("B10", "P10", 0), Figure("B 11", "P11", 1)}, &none);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(bad), ElementsAre("figures[1].units_sold", "figures[2].batch"));
  v1::ImportSalesFiguresRequest bad_csv;
  bad_csv.set_csv("model,batch,serial_prefix,units_sold\nBCD-216,B9,P9,lots\n");
  grpc::Status line = people_->ImportSalesFigures(As().get(), bad_csv, &none);
  EXPECT_EQ(line.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(line.error_message(), HasSubstr("line 2"));
  // A prefix another stored batch of the model has.
  grpc::Status shared = Import({Figure("B2026-09", "BCD216-2511", 10)}, &none);
  EXPECT_EQ(shared.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(shared.error_message(), HasSubstr("B2025-11 and B2026-09"));
  ASSERT_TRUE(people_->ListSalesFigures(As().get(), list, &listed).ok());
  EXPECT_EQ(listed.figures_size(), 3);
}

// Units reported before their batch's figures were loaded count once the
// figures arrive: the import finds their batch and raises the signal.
TEST_F(QualityApiTest, FiguresLoadedLaterFindTheBatchOfUnitsAlreadyReported) {
  ReportUnits("KFR35-2603", 1, 8, "no_heating");
  v1::ImportSalesFiguresResponse imported;
  ASSERT_TRUE(Import({Figure("B2026-03", "KFR35-2603", 150)}, &imported).ok());
  EXPECT_EQ(imported.opened_sheets_size(), 1);  // 8 of 150 is 5.3%
  std::vector<v1::QualitySheet> batch = Sheets(v1::QUALITY_BATCH_ACCIDENT);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].batch(), "B2026-03");
  EXPECT_EQ(batch[0].affected_units(), 8);
  EXPECT_EQ(batch[0].units_sold(), 150);

  // A corrected figure follows on the open sheet; importing it again opens
  // nothing new.
  ASSERT_TRUE(Import({Figure("B2026-03", "KFR35-2603", 160)}, &imported).ok());
  EXPECT_EQ(imported.opened_sheets_size(), 0);
  batch = Sheets(v1::QUALITY_BATCH_ACCIDENT);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].units_sold(), 160);
}

}  // namespace
}  // namespace fieldservice::callback
