// Shared by the callback service's API tests: a fresh database migrated to
// the callback schema with the shipped holiday calendar, and the default
// survey's answers that raise nothing.
#ifndef FIELDSERVICE_TESTS_CALLBACK_CALLBACK_TEST_SUPPORT_H_
#define FIELDSERVICE_TESTS_CALLBACK_CALLBACK_TEST_SUPPORT_H_

#include <memory>
#include <string>

#include "services/callback/domain/survey.h"
#include "services/common/calendar.h"
#include "services/common/db_pool.h"

namespace fieldservice::callback::testing {

// A test database with the callback migrations applied, its pool and the
// calendar of data/calendar. Open() fails the test (and leaves `pool` null)
// when any of it cannot be had; Close() drops the database.
struct CallbackTestDb {
  common::DbSettings db;
  std::unique_ptr<common::ConnectionPool> pool;
  std::unique_ptr<common::WorkingCalendar> calendar;

  void Open(const std::string& prefix);
  void Close();
};

// An answer to every question of the default survey that raises nothing.
Answers GoodAnswers();

}  // namespace fieldservice::callback::testing

#endif  // FIELDSERVICE_TESTS_CALLBACK_CALLBACK_TEST_SUPPORT_H_
