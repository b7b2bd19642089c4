#include "tests/support/e2e_calls.h"

#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "tests/support/json_tree.h"

namespace fieldservice::testing {

google::protobuf::Struct MustCall(ReflectionClient& client, const std::string& method,
                                  const std::string& json) {
  auto answer = client.CallJson(method, json);
  EXPECT_TRUE(answer.ok()) << method << ": " << answer.status();
  return ParseJson(answer.value_or("{}"));
}

google::protobuf::Struct CallUntil(ReflectionClient& client, const std::string& method,
                                   const std::string& json,
                                   const std::function<bool(const google::protobuf::Struct&)>& done,
                                   absl::Duration patience) {
  google::protobuf::Struct last;
  const absl::Time until = absl::Now() + patience;
  do {
    auto answer = client.CallJson(method, json);
    if (answer.ok()) {
      last = ParseJson(*answer);
      if (done(last)) return last;
    }
    absl::SleepFor(absl::Milliseconds(200));
  } while (absl::Now() < until);
  ADD_FAILURE() << method << " never gave the answer awaited; last: " << ToJson(last);
  return last;
}

}  // namespace fieldservice::testing
