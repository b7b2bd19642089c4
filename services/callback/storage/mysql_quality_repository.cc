#include "services/callback/storage/mysql_quality_repository.h"

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/sql.h"

namespace fieldservice::callback {
namespace {

using common::Statement;

// Who opens a sheet: the signals themselves, not a person.
constexpr char kSignalsActor[] = "quality-signals";

constexpr char kSheetColumns[] =
    "SELECT id, kind, model, batch, fault, affected_units, units_sold, first_order_number,"
    " last_order_number, first_reported_at, last_reported_at, opened_at, state, version"
    " FROM quality_sheets";

template <typename Enum, size_t N>
Enum Named(const std::string& text, const common::EnumName<Enum> (&table)[N], const char* column) {
  auto value = common::ValueNamed(table, text);
  if (!value) throw common::UnreadableValue(column);
  return *value;
}

std::string KindName(SheetKind k) { return std::string(common::NameOf(kSheetKindNames, k)); }
std::string StateName(SheetState s) { return std::string(common::NameOf(kSheetStateNames, s)); }

absl::Status SheetNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat(SheetName(id), " does not exist"));
}

// Takes the model's lock (its row in quality_models, made on first use):
// every report and import of a model counts after the one before it. The
// upsert makes the row; the locking read holds it whatever the upsert did
// (an unchanged row, a database that takes no lock for it).
void LockModel(sql::Connection& c, const std::string& model, absl::Time now) {
  Statement(c,
            "INSERT INTO quality_models (model, reports, updated_at) VALUES (?, 0, ?)"
            " ON DUPLICATE KEY UPDATE updated_at = ?")
      .Bind(model)
      .Bind(now)
      .Bind(now)
      .Execute();
  Statement(c, "SELECT model FROM quality_models WHERE model = ? FOR UPDATE").Bind(model).Query();
}

std::vector<SalesFigure> LoadSales(sql::Connection& c, const std::string& model) {
  auto rs = Statement(c,
                      "SELECT model, batch, serial_prefix, units_sold, updated_at, updated_by"
                      " FROM quality_sales WHERE model = ? ORDER BY batch")
                .Bind(model)
                .Query();
  std::vector<SalesFigure> rows;
  while (rs->next()) {
    SalesFigure r;
    r.model = common::GetString(*rs, "model");
    r.batch = common::GetString(*rs, "batch");
    r.serial_prefix = common::GetString(*rs, "serial_prefix");
    r.units_sold = rs->getInt64("units_sold");
    r.updated_at = common::GetTime(*rs, "updated_at");
    r.updated_by = common::GetString(*rs, "updated_by");
    rows.push_back(std::move(r));
  }
  return rows;
}

std::optional<int64_t> UnitsSold(const std::vector<SalesFigure>& rows, const std::string& batch) {
  for (const SalesFigure& r : rows) {
    if (r.batch == batch) return r.units_sold;
  }
  return std::nullopt;
}

// The figures of a model's fault, in one batch or (batch nullopt) in all.
struct Figures {
  int64_t affected_units = 0;
  std::string first_order_number, last_order_number;
  absl::Time first_reported_at, last_reported_at;
};

Figures FiguresOf(sql::Connection& c, const std::string& model, const std::string& fault,
                  const std::optional<std::string>& batch) {
  Figures f;
  const std::string where =
      batch ? " WHERE model = ? AND fault = ? AND batch = ?" : " WHERE model = ? AND fault = ?";
  auto query = [&](const std::string& sql) {
    Statement s(c, sql);
    s.Bind(model).Bind(fault);
    if (batch) s.Bind(*batch);
    return s.Query();
  };
  {
    auto rs = query(
        absl::StrCat("SELECT COUNT(DISTINCT unit_key) AS units FROM quality_fault_reports", where));
    if (rs->next()) f.affected_units = rs->getInt64("units");
  }
  {
    auto rs = query(absl::StrCat("SELECT order_number, completed_at FROM quality_fault_reports",
                                 where, " ORDER BY completed_at, order_number LIMIT 1"));
    if (rs->next()) {
      f.first_order_number = common::GetString(*rs, "order_number");
      f.first_reported_at = common::GetTime(*rs, "completed_at");
    }
  }
  {
    auto rs = query(absl::StrCat("SELECT order_number, completed_at FROM quality_fault_reports",
                                 where, " ORDER BY completed_at DESC, order_number DESC LIMIT 1"));
    if (rs->next()) {
      f.last_order_number = common::GetString(*rs, "order_number");
      f.last_reported_at = common::GetTime(*rs, "completed_at");
    }
  }
  return f;
}

QualitySheet ReadSheet(sql::ResultSet& rs) {
  QualitySheet s;
  s.id = rs.getInt64("id");
  s.kind = Named(common::GetString(rs, "kind"), kSheetKindNames, "kind");
  s.model = common::GetString(rs, "model");
  s.batch = common::GetString(rs, "batch");
  s.fault = common::GetString(rs, "fault");
  s.affected_units = rs.getInt64("affected_units");
  s.units_sold = rs.getInt64("units_sold");
  s.first_order_number = common::GetString(rs, "first_order_number");
  s.last_order_number = common::GetString(rs, "last_order_number");
  s.first_reported_at = common::GetTime(rs, "first_reported_at");
  s.last_reported_at = common::GetTime(rs, "last_reported_at");
  s.opened_at = common::GetTime(rs, "opened_at");
  s.state = Named(common::GetString(rs, "state"), kSheetStateNames, "state");
  s.version = rs.getInt64("version");
  return s;
}

void LoadSteps(sql::Connection& c, QualitySheet& s) {
  auto rs = Statement(c,
                      "SELECT state, actor, taken_at, note FROM quality_sheet_steps"
                      " WHERE sheet_id = ? ORDER BY seq")
                .Bind(s.id)
                .Query();
  while (rs->next()) {
    s.steps.push_back({Named(common::GetString(*rs, "state"), kSheetStateNames, "state"),
                       common::GetString(*rs, "actor"), common::GetTime(*rs, "taken_at"),
                       common::GetString(*rs, "note")});
  }
}

std::optional<QualitySheet> LoadSheet(sql::Connection& c, int64_t id, bool lock) {
  auto rs = Statement(c, absl::StrCat(kSheetColumns, " WHERE id = ?", lock ? " FOR UPDATE" : ""))
                .Bind(id)
                .Query();
  if (!rs->next()) return std::nullopt;
  QualitySheet s = ReadSheet(*rs);
  rs.reset();
  LoadSteps(c, s);
  return s;
}

void InsertSteps(sql::Connection& c, const QualitySheet& s, size_t from) {
  for (size_t i = from; i < s.steps.size(); ++i) {
    const SheetStep& step = s.steps[i];
    Statement(c,
              "INSERT INTO quality_sheet_steps (sheet_id, seq, state, actor, taken_at, note)"
              " VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(s.id)
        .Bind(static_cast<int64_t>(i + 1))
        .Bind(StateName(step.to))
        .Bind(step.actor)
        .Bind(step.at)
        .Bind(step.note)
        .Execute();
  }
}

// The sheets of a model (and fault, when given), without their steps.
std::vector<QualitySheet> SheetsOf(sql::Connection& c, const std::string& model,
                                   const std::optional<std::string>& fault) {
  Statement s(c, absl::StrCat(kSheetColumns, " WHERE model = ?", fault ? " AND fault = ?" : "",
                              " ORDER BY id"));
  s.Bind(model);
  if (fault) s.Bind(*fault);
  auto rs = s.Query();
  std::vector<QualitySheet> sheets;
  while (rs->next()) sheets.push_back(ReadSheet(*rs));
  return sheets;
}

// Brings a sheet's figures up to date with the reports (a batch sheet
// counts its batch, the others the model in every batch).
void Refresh(sql::Connection& c, const QualitySheet& sheet,
             const std::vector<SalesFigure>& model_sales) {
  const bool batch = sheet.kind == SheetKind::kBatchAccident;
  const Figures f =
      FiguresOf(c, sheet.model, sheet.fault, batch ? std::optional(sheet.batch) : std::nullopt);
  const int64_t sold = batch ? UnitsSold(model_sales, sheet.batch).value_or(0) : 0;
  if (f.affected_units == 0) {  // its units now belong to another batch
    Statement(c, "UPDATE quality_sheets SET affected_units = 0, units_sold = ? WHERE id = ?")
        .Bind(sold)
        .Bind(sheet.id)
        .Execute();
    return;
  }
  Statement(c,
            "UPDATE quality_sheets SET affected_units = ?, units_sold = ?, first_order_number = ?,"
            " last_order_number = ?, first_reported_at = ?, last_reported_at = ? WHERE id = ?")
      .Bind(f.affected_units)
      .Bind(sold)
      .Bind(f.first_order_number)
      .Bind(f.last_order_number)
      .Bind(f.first_reported_at)
      .Bind(f.last_reported_at)
      .Bind(sheet.id)
      .Execute();
}

// Opens the sheet `call` asks for unless the model, fault (and batch) has
// one of its kind; the opened sheet, or nullopt.
std::optional<QualitySheet> OpenOnce(sql::Connection& c, const FaultFacts& facts,
                                     const SheetCall& call,
                                     const std::vector<SalesFigure>& model_sales, absl::Time now) {
  const bool batch = call.kind == SheetKind::kBatchAccident;
  const std::string sheet_batch = batch ? facts.batch : std::string();
  {
    auto rs = Statement(c,
                        "SELECT id FROM quality_sheets"
                        " WHERE model = ? AND fault = ? AND batch = ? AND kind = ?")
                  .Bind(facts.model)
                  .Bind(facts.fault)
                  .Bind(sheet_batch)
                  .Bind(KindName(call.kind))
                  .Query();
    if (rs->next()) return std::nullopt;
  }
  const Figures f =
      FiguresOf(c, facts.model, facts.fault, batch ? std::optional(sheet_batch) : std::nullopt);
  QualitySheet s;
  s.kind = call.kind;
  s.model = facts.model;
  s.batch = sheet_batch;
  s.fault = facts.fault;
  s.affected_units = f.affected_units;
  s.units_sold = batch ? UnitsSold(model_sales, sheet_batch).value_or(0) : 0;
  s.first_order_number = f.first_order_number;
  s.last_order_number = f.last_order_number;
  s.first_reported_at = f.first_reported_at;
  s.last_reported_at = f.last_reported_at;
  s.opened_at = now;
  s.state = SheetState::kOpen;
  s.version = 1;
  s.steps.push_back({SheetState::kOpen, kSignalsActor, now, call.reason});
  Statement(c,
            "INSERT INTO quality_sheets (kind, model, batch, fault, affected_units, units_sold,"
            " first_order_number, last_order_number, first_reported_at, last_reported_at,"
            " opened_at, state, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .Bind(KindName(s.kind))
      .Bind(s.model)
      .Bind(s.batch)
      .Bind(s.fault)
      .Bind(s.affected_units)
      .Bind(s.units_sold)
      .Bind(s.first_order_number)
      .Bind(s.last_order_number)
      .Bind(s.first_reported_at)
      .Bind(s.last_reported_at)
      .Bind(s.opened_at)
      .Bind(StateName(s.state))
      .Bind(s.version)
      .Execute();
  s.id = common::LastInsertId(c);
  InsertSteps(c, s, 0);
  return s;
}

int64_t UnitsInBatch(sql::Connection& c, const std::string& model, const std::string& fault,
                     const std::string& batch) {
  auto rs = Statement(c,
                      "SELECT COUNT(DISTINCT unit_key) AS units FROM quality_fault_reports"
                      " WHERE model = ? AND fault = ? AND batch = ?")
                .Bind(model)
                .Bind(fault)
                .Bind(batch)
                .Query();
  return rs->next() ? rs->getInt64("units") : 0;
}

// Finds the batch of every reported unit of the model again, after its
// sales figures changed.
void ResolveBatches(sql::Connection& c, const std::string& model,
                    const std::vector<SalesFigure>& model_sales) {
  std::vector<std::pair<std::string, std::string>> units;  // serial, batch
  {
    auto rs = Statement(c,
                        "SELECT DISTINCT serial, batch FROM quality_fault_reports"
                        " WHERE model = ? AND serial <> ''")
                  .Bind(model)
                  .Query();
    while (rs->next()) {
      units.emplace_back(common::GetString(*rs, "serial"), common::GetString(*rs, "batch"));
    }
  }
  for (const auto& [serial, batch] : units) {
    const std::string now_in = BatchOf(serial, model_sales);
    if (now_in == batch) continue;
    Statement(c, "UPDATE quality_fault_reports SET batch = ? WHERE model = ? AND serial = ?")
        .Bind(now_in)
        .Bind(model)
        .Bind(serial)
        .Execute();
  }
}

}  // namespace

absl::StatusOr<FaultRecorded> MySqlQualityRepository::RecordFault(const FaultReport& report,
                                                                  absl::Time now,
                                                                  const SheetRule& rule) {
  FaultRecorded result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    result = FaultRecorded{};
    LockModel(c, report.model, now);
    {
      auto rs = Statement(c,
                          "SELECT batch FROM quality_fault_reports"
                          " WHERE order_number = ? AND visit_number = ?")
                    .Bind(report.order_number)
                    .Bind(report.visit_number)
                    .Query();
      if (rs->next()) {  // delivered before: counted then
        result.batch = common::GetString(*rs, "batch");
        return absl::OkStatus();
      }
    }
    const std::vector<SalesFigure> sales = LoadSales(c, report.model);
    FaultFacts facts;
    facts.model = report.model;
    facts.fault = report.fault;
    facts.new_report = true;
    facts.batch = BatchOf(report.serial, sales);
    {
      auto rs = Statement(c,
                          "SELECT 1 FROM quality_fault_reports WHERE model = ? AND fault = ?"
                          " LIMIT 1")
                    .Bind(report.model)
                    .Bind(report.fault)
                    .Query();
      facts.first_on_model = !rs->next();
    }
    Statement(c,
              "INSERT INTO quality_fault_reports (order_number, visit_number, model, fault,"
              " serial, unit_key, batch, completed_at, recorded_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(report.order_number)
        .Bind(report.visit_number)
        .Bind(report.model)
        .Bind(report.fault)
        .Bind(report.serial)
        .Bind(UnitKey(report.serial, report.order_number))
        .Bind(facts.batch)
        .Bind(report.completed_at)
        .Bind(now)
        .Execute();
    Statement(c, "UPDATE quality_models SET reports = reports + 1 WHERE model = ?")
        .Bind(report.model)
        .Execute();
    if (!facts.batch.empty()) {
      facts.units_in_batch = UnitsInBatch(c, report.model, report.fault, facts.batch);
      facts.units_sold = UnitsSold(sales, facts.batch);
    }
    std::set<int64_t> opened;
    for (const SheetCall& call : rule(facts)) {
      if (auto sheet = OpenOnce(c, facts, call, sales, now)) {
        opened.insert(sheet->id);
        result.opened.push_back(*std::move(sheet));
      }
    }
    // The sheets already open on this fault follow the new report.
    for (const QualitySheet& sheet : SheetsOf(c, report.model, report.fault)) {
      const bool follows = sheet.kind != SheetKind::kBatchAccident || sheet.batch == facts.batch;
      if (follows && !opened.contains(sheet.id)) Refresh(c, sheet, sales);
    }
    result.counted = true;
    result.batch = facts.batch;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<SalesImported> MySqlQualityRepository::ImportSales(
    const std::vector<SalesFigure>& rows, const std::string& actor, absl::Time now,
    const SheetRule& rule) {
  std::set<std::string> models;  // sorted: locks are taken in one order
  for (const SalesFigure& r : rows) models.insert(r.model);
  SalesImported result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    result = SalesImported{};
    for (const std::string& model : models) LockModel(c, model, now);
    for (const SalesFigure& r : rows) {
      Statement(c,
                "INSERT INTO quality_sales (model, batch, serial_prefix, units_sold, updated_at,"
                " updated_by) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
                " serial_prefix = ?, units_sold = ?, updated_at = ?, updated_by = ?")
          .Bind(r.model)
          .Bind(r.batch)
          .Bind(r.serial_prefix)
          .Bind(r.units_sold)
          .Bind(now)
          .Bind(actor)
          .Bind(r.serial_prefix)
          .Bind(r.units_sold)
          .Bind(now)
          .Bind(actor)
          .Execute();
    }
    for (const std::string& model : models) {
      const std::vector<SalesFigure> sales = LoadSales(c, model);
      if (absl::Status s = CheckBatchPrefixes(sales); !s.ok()) return s;  // rolls back
      ResolveBatches(c, model, sales);
      struct Group {
        std::string batch, fault;
        int64_t units;
      };
      std::vector<Group> groups;
      {
        auto rs = Statement(c,
                            "SELECT batch, fault, COUNT(DISTINCT unit_key) AS units"
                            " FROM quality_fault_reports WHERE model = ? AND batch <> ''"
                            " GROUP BY batch, fault ORDER BY batch, fault")
                      .Bind(model)
                      .Query();
        while (rs->next()) {
          groups.push_back({common::GetString(*rs, "batch"), common::GetString(*rs, "fault"),
                            rs->getInt64("units")});
        }
      }
      std::set<int64_t> opened;
      for (const Group& g : groups) {
        FaultFacts facts;
        facts.model = model;
        facts.fault = g.fault;
        facts.batch = g.batch;
        facts.units_in_batch = g.units;
        facts.units_sold = UnitsSold(sales, g.batch);
        for (const SheetCall& call : rule(facts)) {
          if (auto sheet = OpenOnce(c, facts, call, sales, now)) {
            opened.insert(sheet->id);
            result.opened.push_back(*std::move(sheet));
          }
        }
      }
      // Units may have moved between batches, and units sold changed.
      for (const QualitySheet& sheet : SheetsOf(c, model, std::nullopt)) {
        if (!opened.contains(sheet.id)) Refresh(c, sheet, sales);
      }
    }
    result.rows = static_cast<int64_t>(rows.size());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<std::vector<SalesFigure>> MySqlQualityRepository::ListSales(
    const std::string& model) {
  std::vector<SalesFigure> rows;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    rows = LoadSales(c, model);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

absl::StatusOr<QualitySheet> MySqlQualityRepository::GetSheet(int64_t id) {
  std::optional<QualitySheet> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    found = LoadSheet(c, id, /*lock=*/false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found) return SheetNotFound(id);
  return *std::move(found);
}

absl::StatusOr<SheetPage> MySqlQualityRepository::ListSheets(const SheetFilter& filter,
                                                             std::optional<int64_t> after,
                                                             int limit) {
  std::string sql = absl::StrCat(kSheetColumns, " WHERE 1 = 1");
  if (!filter.states.empty()) {
    absl::StrAppend(&sql, " AND state IN (?");
    for (size_t i = 1; i < filter.states.size(); ++i) absl::StrAppend(&sql, ", ?");
    absl::StrAppend(&sql, ")");
  }
  if (!filter.model.empty()) absl::StrAppend(&sql, " AND model = ?");
  if (after) absl::StrAppend(&sql, " AND id < ?");
  absl::StrAppend(&sql, " ORDER BY id DESC LIMIT ?");
  SheetPage page;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    page = SheetPage{};
    Statement s(c, sql);
    for (SheetState state : filter.states) s.Bind(StateName(state));
    if (!filter.model.empty()) s.Bind(filter.model);
    if (after) s.Bind(*after);
    s.Bind(static_cast<int64_t>(limit) + 1);  // one more: is there a next page?
    auto rs = s.Query();
    while (rs->next()) page.sheets.push_back(ReadSheet(*rs));
    rs.reset();
    if (page.sheets.size() > static_cast<size_t>(limit)) {
      page.sheets.pop_back();
      page.next_after = page.sheets.back().id;
    }
    for (QualitySheet& sheet : page.sheets) LoadSteps(c, sheet);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<QualitySheet> MySqlQualityRepository::ChangeSheet(int64_t id,
                                                                 const SheetChange& change) {
  std::optional<QualitySheet> changed;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    changed.reset();
    const std::optional<QualitySheet> before = LoadSheet(c, id, /*lock=*/true);
    if (!before) return SheetNotFound(id);
    auto after = change(*before);
    if (!after.ok()) return after.status();
    Statement(c, "UPDATE quality_sheets SET state = ?, version = ? WHERE id = ?")
        .Bind(StateName(after->state))
        .Bind(after->version)
        .Bind(id)
        .Execute();
    InsertSteps(c, *after, before->steps.size());
    changed = *std::move(after);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(changed);
}

absl::StatusOr<std::vector<QualitySheet>> MySqlQualityRepository::SheetsActive(absl::Time from,
                                                                               absl::Time to) {
  std::vector<QualitySheet> sheets;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    sheets.clear();
    std::vector<int64_t> ids;
    auto rs = Statement(c,
                        "SELECT s.id FROM quality_sheets s WHERE s.opened_at < ? AND NOT EXISTS"
                        " (SELECT 1 FROM quality_sheet_steps t WHERE t.sheet_id = s.id"
                        "  AND t.state = ? AND t.taken_at < ?) ORDER BY s.id")
                  .Bind(to)
                  .Bind(StateName(SheetState::kClosed))
                  .Bind(from)
                  .Query();
    while (rs->next()) ids.push_back(rs->getInt64("id"));
    rs.reset();
    for (int64_t id : ids) {
      if (std::optional<QualitySheet> sheet = LoadSheet(c, id, /*lock=*/false)) {
        sheets.push_back(*std::move(sheet));
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return sheets;
}

}  // namespace fieldservice::callback
