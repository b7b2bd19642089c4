// The defined survey versions in MySQL (migration 0006). A version is
// stored as the API's serialised Survey message: the codec comes from the
// API layer (api/callback_mapping.h), so storage knows no proto.
#ifndef FIELDSERVICE_CALLBACK_STORAGE_MYSQL_SURVEY_STORE_H_
#define FIELDSERVICE_CALLBACK_STORAGE_MYSQL_SURVEY_STORE_H_

#include <functional>
#include <string>
#include <vector>

#include "services/callback/domain/survey_catalogue.h"
#include "services/common/db_pool.h"
#include "services/common/transaction.h"

namespace fieldservice::callback {

struct SurveyCodec {
  std::function<std::string(const Survey&)> encode;
  std::function<absl::StatusOr<Survey>(const std::string&)> decode;
};

class MySqlSurveyStore final : public SurveyStore {
 public:
  MySqlSurveyStore(common::ConnectionPool& pool, common::RetryPolicy retry, SurveyCodec codec)
      : pool_(pool), retry_(retry), codec_(std::move(codec)) {}

  absl::StatusOr<std::vector<Survey>> LoadAll() override;
  absl::Status Insert(const Survey& survey, const std::string& defined_by, absl::Time at) override;

 private:
  common::ConnectionPool& pool_;
  const common::RetryPolicy retry_;
  const SurveyCodec codec_;
};

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_STORAGE_MYSQL_SURVEY_STORE_H_
