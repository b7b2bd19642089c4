// JSON as a schema-free tree (google.protobuf.Struct), for end-to-end tests
// that know an API only as JSON, the way a grpcurl user does.
#ifndef FIELDSERVICE_TESTS_SUPPORT_JSON_TREE_H_
#define FIELDSERVICE_TESTS_SUPPORT_JSON_TREE_H_

#include <google/protobuf/struct.pb.h>

#include <string>

#include "absl/time/time.h"

namespace fieldservice::testing {

// "2026-11-23T02:00:00Z".
std::string Rfc3339(absl::Time t);

// Parse failures are test failures (with the text in the message).
google::protobuf::Struct ParseJson(const std::string& json);
std::string ToJson(const google::protobuf::Struct& s);

// The value at a dotted path ("customer.phone"); a null value when absent.
const google::protobuf::Value& Field(const google::protobuf::Struct& s, const std::string& path);
std::string Text(const google::protobuf::Struct& s, const std::string& path);

// Sets a string at a dotted path, creating the objects on the way.
void Set(google::protobuf::Struct& s, const std::string& path, const std::string& value);
void Remove(google::protobuf::Struct& s, const std::string& path);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_JSON_TREE_H_
