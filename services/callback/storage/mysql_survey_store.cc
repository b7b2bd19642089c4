#include "services/callback/storage/mysql_survey_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/sql.h"

namespace fieldservice::callback {

using common::Statement;

absl::StatusOr<std::vector<Survey>> MySqlSurveyStore::LoadAll() {
  std::vector<Survey> surveys;
  absl::Status status = common::RunReadOnly(pool_, retry_, [&](sql::Connection& c) {
    surveys.clear();
    auto rs = Statement(c, "SELECT survey_id, version, definition FROM surveys").Query();
    while (rs->next()) {
      auto survey = codec_.decode(common::GetString(*rs, "definition"));
      if (!survey.ok()) {
        return absl::DataLossError(
            absl::StrCat("stored survey ", common::GetString(*rs, "survey_id"), " v",
                         rs->getInt("version"), " cannot be read: ", survey.status().message()));
      }
      surveys.push_back(*std::move(survey));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return surveys;
}

absl::Status MySqlSurveyStore::Insert(const Survey& survey, const std::string& defined_by,
                                      absl::Time at) {
  // One statement: the primary key refuses a version stored meanwhile
  // (ALREADY_EXISTS, which the catalogue answers).
  return common::RunAutocommit(pool_, retry_, [&](sql::Connection& c) {
    Statement(c,
              "INSERT INTO surveys (survey_id, version, definition, defined_by, defined_at)"
              " VALUES (?, ?, ?, ?, ?)")
        .Bind(survey.id)
        .Bind(survey.version)
        .Bind(codec_.encode(survey))
        .Bind(defined_by)
        .Bind(at)
        .Execute();
    return absl::OkStatus();
  });
}

}  // namespace fieldservice::callback
