// Calls end-to-end tests make through a ReflectionClient with JSON bodies:
// one that must succeed, and one repeated until its answer shows what the
// test waits for (the services' relays deliver asynchronously).
#ifndef FIELDSERVICE_TESTS_SUPPORT_E2E_CALLS_H_
#define FIELDSERVICE_TESTS_SUPPORT_E2E_CALLS_H_

#include <functional>
#include <string>

#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "tests/support/reflection_client.h"

namespace fieldservice::testing {

// The answer as JSON; a failed call fails the test and answers {}.
google::protobuf::Struct MustCall(ReflectionClient& client, const std::string& method,
                                  const std::string& json);

// Calls until `done` holds for the answer or `patience` passed (then fails
// the test naming the method and the last answer); the last answer.
google::protobuf::Struct CallUntil(ReflectionClient& client, const std::string& method,
                                   const std::string& json,
                                   const std::function<bool(const google::protobuf::Struct&)>& done,
                                   absl::Duration patience = absl::Minutes(1));

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_E2E_CALLS_H_
