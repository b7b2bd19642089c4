#include "services/common/sql.h"

#include <cppconn/statement.h>

#include "absl/time/civil_time.h"

namespace fieldservice::common {

std::string FormatSqlTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone());
}

absl::Time ParseSqlTime(const std::string& text) {
  absl::Time t;
  std::string err;
  // DATETIME(6) comes back with or without the fraction.
  if (absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &t, &err)) {
    return t;
  }
  return absl::InfinitePast();
}

void ReleaseRows::operator()(sql::ResultSet* rows) const {
  delete rows;
  if (from != nullptr) from->busy = false;
}

Statement::Statement(sql::Connection& connection, const std::string& sql)
    : cached_(TakeCachedStatement(connection, sql)) {
  if (cached_ == nullptr) own_.reset(connection.prepareStatement(sql));
  statement_ = cached_ != nullptr ? cached_->statement.get() : own_.get();
}

Statement::~Statement() {
  if (cached_ != nullptr) cached_->busy = false;
}

Statement& Statement::Bind(int64_t value) {
  statement_->setInt64(next_++, value);
  return *this;
}
Statement& Statement::Bind(bool value) {
  statement_->setBoolean(next_++, value);
  return *this;
}
Statement& Statement::Bind(double value) {
  statement_->setDouble(next_++, value);
  return *this;
}
Statement& Statement::Bind(const std::string& value) {
  statement_->setString(next_++, value);
  return *this;
}
Statement& Statement::Bind(absl::Time value) {
  statement_->setString(next_++, FormatSqlTime(value));
  return *this;
}
Statement& Statement::BindNull() {
  statement_->setNull(next_++, 0);
  return *this;
}

Rows Statement::Query() {
  Rows rows(statement_->executeQuery(), ReleaseRows{cached_});
  cached_ = nullptr;  // the rows free it now
  return rows;
}

int Statement::Execute() { return statement_->executeUpdate(); }

absl::Time GetTime(sql::ResultSet& rs, const char* column) {
  absl::Time t = ParseSqlTime(rs.getString(column));
  if (t == absl::InfinitePast()) throw UnreadableValue(column);
  return t;
}

std::optional<absl::Time> GetOptionalTime(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return std::nullopt;
  return GetTime(rs, column);
}

std::optional<std::string> GetOptionalString(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return std::nullopt;
  return std::string(rs.getString(column));
}

std::string GetString(sql::ResultSet& rs, const char* column) { return rs.getString(column); }

int64_t LastInsertId(sql::Connection& connection) {
  std::unique_ptr<sql::Statement> st(connection.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT LAST_INSERT_ID()"));
  rs->next();
  return rs->getInt64(1);
}

}  // namespace fieldservice::common
