#include "services/warranty/storage/mysql_warranty_repository.h"

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/sql.h"
#include "services/warranty/domain/enum_names.h"

namespace fieldservice::warranty {
namespace {

using common::Statement;

constexpr char kSelectDecision[] =
    "SELECT id, decision_id, request_id, request_fingerprint, order_name, serial,"
    " catalogue_version, coverage, document, created_at FROM decisions";
constexpr char kSelectCatalogue[] =
    "SELECT version, text, active, loaded_at, source, loaded_by FROM catalogues";

// A stored value this build cannot read: logged, and DATA_LOSS, never a
// silent default.
absl::Status Unreadable(const std::string& table, const std::string& key, const std::string& column,
                        const std::string& value) {
  common::LogError("stored_value_unreadable", {{"table", table}, {"key", key}, {"column", column}});
  return absl::DataLossError(
      absl::StrCat("stored ", table, " ", key, " has an unreadable ", column, " '", value, "'"));
}

absl::StatusOr<absl::Time> ReadTime(sql::ResultSet& rs, const char* column,
                                    const std::string& table, const std::string& key) {
  const std::string text = rs.getString(column);
  const absl::Time t = common::ParseSqlTime(text);
  if (t == absl::InfinitePast()) return Unreadable(table, key, column, text);
  return t;
}

absl::StatusOr<DecisionRecord> ReadDecision(sql::ResultSet& rs) {
  DecisionRecord r;
  r.id = rs.getInt64("id");
  r.decision_id = rs.getString("decision_id");
  r.request_id = rs.getString("request_id");
  r.request_fingerprint = rs.getString("request_fingerprint");
  r.order = rs.getString("order_name");
  r.serial = rs.getString("serial");
  r.catalogue_version = rs.getString("catalogue_version");
  const std::string coverage = rs.getString("coverage");
  auto parsed = ValueNamed(kCoverageNames, coverage);
  if (!parsed) return Unreadable("decision", r.decision_id, "coverage", coverage);
  r.coverage = *parsed;
  r.document = rs.getString("document");
  auto created = ReadTime(rs, "created_at", "decision", r.decision_id);
  if (!created.ok()) return created.status();
  r.created_at = *created;
  return r;
}

absl::StatusOr<CatalogueRecord> ReadCatalogue(sql::ResultSet& rs) {
  CatalogueRecord r;
  r.version = rs.getString("version");
  r.text = rs.getString("text");
  r.active = rs.getBoolean("active");
  auto loaded = ReadTime(rs, "loaded_at", "catalogue", r.version);
  if (!loaded.ok()) return loaded.status();
  r.loaded_at = *loaded;
  const std::string source = rs.getString("source");
  auto parsed = ValueNamed(kCatalogueSourceNames, source);
  if (!parsed) return Unreadable("catalogue", r.version, "source", source);
  r.source = *parsed;
  r.loaded_by = rs.getString("loaded_by");
  return r;
}

// The first row of `sql` bound to `value`, if any.
template <typename Record>
absl::StatusOr<std::optional<Record>> FindOne(sql::Connection& c, const std::string& sql,
                                              const std::string& value,
                                              absl::StatusOr<Record> (*read)(sql::ResultSet&)) {
  auto rs = Statement(c, sql.c_str()).Bind(value).Query();
  if (!rs->next()) return std::nullopt;
  auto record = read(*rs);
  if (!record.ok()) return record.status();
  return *std::move(record);
}

// Stores the version unless it is stored already: nullopt when this call
// stored it, else the stored record, which must have the same text (a
// version is never rewritten; `conflict` is the code when it differs).
// INSERT IGNORE makes a concurrent insert of the same version wait for the
// other and skip, and the re-read is a plain one (no shared lock to upgrade,
// so replicas starting together do not deadlock); its snapshot starts after
// the insert it waited for.
absl::StatusOr<std::optional<CatalogueRecord>> InsertOrMatch(sql::Connection& c,
                                                             const CatalogueRecord& r,
                                                             absl::StatusCode conflict) {
  const int inserted =
      Statement(c,
                "INSERT IGNORE INTO catalogues (version, text, checksum, loaded_at, active, source,"
                " loaded_by) VALUES (?, ?, ?, ?, FALSE, ?, ?)")
          .Bind(r.version)
          .Bind(r.text)
          .Bind(common::MigrationChecksum(r.text))
          .Bind(r.loaded_at)
          .Bind(std::string(NameOf(kCatalogueSourceNames, r.source)))
          .Bind(r.loaded_by)
          .Execute();
  if (inserted == 1) return std::nullopt;
  auto stored = FindOne<CatalogueRecord>(c, absl::StrCat(kSelectCatalogue, " WHERE version = ?"),
                                         r.version, ReadCatalogue);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return absl::InternalError("a catalogue version was not stored");
  if ((*stored)->text != r.text) {
    return absl::Status(conflict, absl::StrCat("catalogue version ", r.version,
                                               " is stored with a different text; give the "
                                               "changed text a new version"));
  }
  return stored;
}

void Activate(sql::Connection& c, const std::string& version, absl::Time now) {
  Statement(c, "UPDATE catalogues SET active = (version = ?)").Bind(version).Execute();
  Statement(c, "UPDATE catalogues SET activated_at = ? WHERE version = ?")
      .Bind(now)
      .Bind(version)
      .Execute();
}

}  // namespace

absl::StatusOr<InsertedDecision> MySqlWarrantyRepository::InsertDecision(
    const DecisionRecord& record) {
  const std::string by_request = absl::StrCat(kSelectDecision, " WHERE request_id = ?");
  InsertedDecision result;
  auto reread = [&](sql::Connection& c) -> absl::StatusOr<bool> {
    auto existing = FindOne<DecisionRecord>(c, by_request, record.request_id, ReadDecision);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) result = {**existing, false};
    return existing->has_value();
  };
  // A repeated request (same request_id) is refused by the unique key and
  // CreateOnce then reads the first one's decision: a new decision, the
  // common case, needs no lookup first. One row: it commits as it is
  // inserted, without a transaction around it.
  absl::Status status = common::CreateOnce(
      pool_, retry_,
      [&](sql::Connection& c) {
        Statement(c,
                  "INSERT INTO decisions (decision_id, request_id, request_fingerprint, order_name,"
                  " serial, catalogue_version, coverage, document, created_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(record.decision_id)
            .Bind(record.request_id)
            .Bind(record.request_fingerprint)
            .Bind(record.order)
            .Bind(record.serial)
            .Bind(record.catalogue_version)
            .Bind(std::string(NameOf(kCoverageNames, record.coverage)))
            .Bind(record.document)
            .Bind(record.created_at)
            .Execute();
        result = {record, true};
        result.record.id = common::LastInsertId(c);
        return absl::OkStatus();
      },
      reread, common::CommitMode::kAutocommit);
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<std::optional<DecisionRecord>> MySqlWarrantyRepository::FindDecisionBy(
    const char* column, const std::string& value) {
  const std::string sql = absl::StrCat(kSelectDecision, " WHERE ", column, " = ?");
  std::optional<DecisionRecord> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    auto one = FindOne<DecisionRecord>(c, sql, value, ReadDecision);
    if (!one.ok()) return one.status();
    found = *std::move(one);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<DecisionRecord> MySqlWarrantyRepository::GetDecision(
    const std::string& decision_id) {
  auto found = FindDecisionBy("decision_id", decision_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("decisions/", decision_id, " does not exist"));
  }
  return **found;
}

absl::StatusOr<DecisionPage> MySqlWarrantyRepository::ListDecisions(const DecisionQuery& q) {
  DecisionPage page;
  const bool by_serial = !q.serial.empty();
  std::string sql =
      absl::StrCat(kSelectDecision, " WHERE ", by_serial ? "serial" : "order_name", " = ?",
                   q.before_id ? " AND id < ?" : "", " ORDER BY id DESC LIMIT ?");
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    page = DecisionPage{};
    Statement st(c, sql.c_str());
    st.Bind(by_serial ? q.serial : q.order);
    if (q.before_id) st.Bind(*q.before_id);
    st.Bind(q.limit + 1);
    auto rs = st.Query();
    while (rs->next()) {
      auto record = ReadDecision(*rs);
      if (!record.ok()) return record.status();
      page.decisions.push_back(*std::move(record));
    }
    if (static_cast<int>(page.decisions.size()) > q.limit) {
      page.decisions.pop_back();
      page.next_before_id = page.decisions.back().id;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<CatalogueRecord> MySqlWarrantyRepository::StoreCatalogue(
    const CatalogueRecord& record) {
  CatalogueRecord result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    auto stored = InsertOrMatch(c, record, absl::StatusCode::kAlreadyExists);
    if (!stored.ok()) return stored.status();
    result = stored->value_or(record);
    Activate(c, record.version, record.loaded_at);
    result.active = true;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<CatalogueRecord> MySqlWarrantyRepository::BootstrapCatalogue(
    const CatalogueRecord& record) {
  CatalogueRecord result;
  absl::Status status = common::RunInTransaction(pool_, retry_, [&](sql::Connection& c) {
    auto stored = InsertOrMatch(c, record, absl::StatusCode::kFailedPrecondition);
    if (!stored.ok()) return stored.status();
    result = stored->value_or(record);
    // A version stored now is activated (an upgrade). One known already
    // leaves whatever is active (an administrator may have loaded a later
    // version); only with nothing active is it activated.
    bool activate = !stored->has_value();
    if (!activate) {
      activate = !Statement(c, "SELECT version FROM catalogues WHERE active").Query()->next();
    }
    if (activate) {
      Activate(c, record.version, record.loaded_at);
      result.active = true;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<std::optional<CatalogueRecord>> MySqlWarrantyRepository::ActiveCatalogue() {
  std::optional<CatalogueRecord> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    auto rs = Statement(c, absl::StrCat(kSelectCatalogue, " WHERE active").c_str()).Query();
    if (!rs->next()) return absl::OkStatus();
    auto record = ReadCatalogue(*rs);
    if (!record.ok()) return record.status();
    found = *std::move(record);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<CatalogueRecord> MySqlWarrantyRepository::GetCatalogue(const std::string& version) {
  std::optional<CatalogueRecord> found;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    auto one = FindOne<CatalogueRecord>(c, absl::StrCat(kSelectCatalogue, " WHERE version = ?"),
                                        version, ReadCatalogue);
    if (!one.ok()) return one.status();
    found = *std::move(one);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found.has_value()) {
    return absl::NotFoundError(absl::StrCat("catalogues/", version, " does not exist"));
  }
  return *found;
}

}  // namespace fieldservice::warranty
