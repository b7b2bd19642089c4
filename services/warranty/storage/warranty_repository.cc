#include "services/warranty/storage/warranty_repository.h"

#include "absl/strings/str_cat.h"
#include "services/common/sql.h"

namespace fieldservice::warranty {
namespace {

using common::GetTime;
using common::Statement;

constexpr char kSelectDecision[] =
    "SELECT id, decision_id, request_id, order_name, serial, catalogue_version, coverage,"
    " document, created_at FROM decisions";
constexpr char kSelectCatalogue[] = "SELECT version, text, active, loaded_at FROM catalogues";

DecisionRecord ReadDecision(sql::ResultSet& rs) {
  DecisionRecord r;
  r.id = rs.getInt64("id");
  r.decision_id = rs.getString("decision_id");
  r.request_id = rs.getString("request_id");
  r.order = rs.getString("order_name");
  r.serial = rs.getString("serial");
  r.catalogue_version = rs.getString("catalogue_version");
  r.coverage = rs.getString("coverage");
  r.document = rs.getString("document");
  r.created_at = GetTime(rs, "created_at");
  return r;
}

CatalogueRecord ReadCatalogue(sql::ResultSet& rs) {
  return {rs.getString("version"), rs.getString("text"), rs.getBoolean("active"),
          GetTime(rs, "loaded_at")};
}

std::optional<DecisionRecord> FindDecision(sql::Connection& c, const char* column,
                                           const std::string& value) {
  auto rs = Statement(c, absl::StrCat(kSelectDecision, " WHERE ", column, " = ?").c_str())
                .Bind(value)
                .Query();
  if (!rs->next()) return std::nullopt;
  return ReadDecision(*rs);
}

}  // namespace

absl::StatusOr<std::pair<DecisionRecord, bool>> WarrantyRepository::InsertDecision(
    const DecisionRecord& record) {
  std::pair<DecisionRecord, bool> result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    if (auto existing = FindDecision(c, "request_id", record.request_id)) {
      result = {*existing, false};
      return absl::OkStatus();
    }
    Statement(c,
              "INSERT INTO decisions (decision_id, request_id, order_name, serial,"
              " catalogue_version, coverage, document, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(record.decision_id)
        .Bind(record.request_id)
        .Bind(record.order)
        .Bind(record.serial)
        .Bind(record.catalogue_version)
        .Bind(record.coverage)
        .Bind(record.document)
        .Bind(record.created_at)
        .Execute();
    DecisionRecord stored = record;
    stored.id = common::LastInsertId(c);
    result = {stored, true};
    return absl::OkStatus();
  });
  if (status.code() == absl::StatusCode::kAlreadyExists) {
    // A concurrent request with the same request_id won the race.
    auto existing = FindByRequestId(record.request_id);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) return std::make_pair(**existing, false);
  }
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<std::optional<DecisionRecord>> WarrantyRepository::FindByRequestId(
    const std::string& request_id) {
  std::optional<DecisionRecord> found;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    found = FindDecision(c, "request_id", request_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<DecisionRecord> WarrantyRepository::GetDecision(const std::string& decision_id) {
  std::optional<DecisionRecord> found;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    found = FindDecision(c, "decision_id", decision_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found.has_value()) {
    return absl::NotFoundError(absl::StrCat("decisions/", decision_id, " does not exist"));
  }
  return *found;
}

absl::StatusOr<DecisionPage> WarrantyRepository::ListDecisions(const DecisionQuery& q) {
  DecisionPage page;
  const bool by_serial = !q.serial.empty();
  std::string sql =
      absl::StrCat(kSelectDecision, " WHERE ", by_serial ? "serial" : "order_name", " = ?",
                   q.before_id ? " AND id < ?" : "", " ORDER BY id DESC LIMIT ?");
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    page = DecisionPage{};
    Statement st(c, sql.c_str());
    st.Bind(by_serial ? q.serial : q.order);
    if (q.before_id) st.Bind(*q.before_id);
    st.Bind(q.limit + 1);
    auto rs = st.Query();
    while (rs->next()) page.decisions.push_back(ReadDecision(*rs));
    if (static_cast<int>(page.decisions.size()) > q.limit) {
      page.decisions.pop_back();
      page.next_before_id = page.decisions.back().id;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<CatalogueRecord> WarrantyRepository::StoreCatalogue(const std::string& version,
                                                                   const std::string& text,
                                                                   absl::Time now, bool activate) {
  CatalogueRecord result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c, absl::StrCat(kSelectCatalogue, " WHERE version = ? FOR UPDATE").c_str())
                  .Bind(version)
                  .Query();
    if (rs->next()) {
      CatalogueRecord existing = ReadCatalogue(*rs);
      if (existing.text != text) {
        return absl::AlreadyExistsError(absl::StrCat(
            "catalogue version ", version,
            " is already loaded with a different text; give the new text a new version"));
      }
      result = existing;
    } else {
      Statement(c,
                "INSERT INTO catalogues (version, text, checksum, loaded_at, active)"
                " VALUES (?, ?, ?, ?, FALSE)")
          .Bind(version)
          .Bind(text)
          .Bind(common::MigrationChecksum(text))
          .Bind(now)
          .Execute();
      result = {version, text, false, now};
    }
    if (activate) {
      Statement(c, "UPDATE catalogues SET active = (version = ?)").Bind(version).Execute();
      result.active = true;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<std::optional<CatalogueRecord>> WarrantyRepository::ActiveCatalogue() {
  std::optional<CatalogueRecord> found;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c, absl::StrCat(kSelectCatalogue, " WHERE active").c_str()).Query();
    if (rs->next()) found = ReadCatalogue(*rs);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<CatalogueRecord> WarrantyRepository::GetCatalogue(const std::string& version) {
  std::optional<CatalogueRecord> found;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c, absl::StrCat(kSelectCatalogue, " WHERE version = ?").c_str())
                  .Bind(version)
                  .Query();
    if (rs->next()) found = ReadCatalogue(*rs);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found.has_value()) {
    return absl::NotFoundError(absl::StrCat("catalogues/", version, " does not exist"));
  }
  return *found;
}

}  // namespace fieldservice::warranty
