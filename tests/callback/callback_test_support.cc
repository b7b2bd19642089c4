#include "tests/callback/callback_test_support.h"

#include <algorithm>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/callback/domain/default_survey.h"
#include "services/callback/storage/mysql_callback_repository.h"
#include "services/common/migrations.h"
#include "tests/support/test_db.h"

namespace fieldservice::callback::testing {

void CallbackTestDb::Open(const std::string& prefix) {
  db = fieldservice::testing::CreateTestDatabase(prefix);
  auto opened = std::make_unique<common::ConnectionPool>(db);
  auto applied = common::ApplyMigrations(*opened, EmbeddedMigrations(), absl::Seconds(30));
  ASSERT_TRUE(applied.ok()) << applied.status();
  auto loaded = common::WorkingCalendar::LoadFile(
      std::string(FS_SOURCE_DIR) + "/data/calendar/cn_holidays.txt", absl::FixedTimeZone(8 * 3600));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  calendar = std::make_unique<common::WorkingCalendar>(*std::move(loaded));
  pool = std::move(opened);
}

void CallbackTestDb::Close() {
  pool.reset();
  fieldservice::testing::DropTestDatabase(db);
}

Answers GoodAnswers() {
  Answers answers;
  for (const Question& q : DefaultSurvey().questions) {
    switch (q.type) {
      case QuestionType::kYesNo:
        answers[q.key] = q.bad_when_yes ? "no" : "yes";
        break;
      case QuestionType::kRating:
        answers[q.key] = "5";
        break;
      case QuestionType::kChoice:
        for (const ChoiceOption& option : q.options) {
          if (std::find(q.bad_choices.begin(), q.bad_choices.end(), option.key) ==
              q.bad_choices.end()) {
            answers[q.key] = option.key;
            break;
          }
        }
        break;
      case QuestionType::kAmount:
        answers[q.key] = "0";
        break;
      case QuestionType::kFreeText:
        answers[q.key] = "很好";
        break;
    }
  }
  return answers;
}

}  // namespace fieldservice::callback::testing
