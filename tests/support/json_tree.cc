#include "tests/support/json_tree.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace fieldservice::testing {

namespace pb = ::google::protobuf;

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

pb::Struct ParseJson(const std::string& json) {
  pb::Struct out;
  auto status = pb::util::JsonStringToMessage(json, &out);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << json;
  return out;
}

std::string ToJson(const pb::Struct& s) {
  std::string out;
  auto status = pb::util::MessageToJsonString(s, &out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

// The value at a dotted path ("customer.phone"); null when absent.
const pb::Value& Field(const pb::Struct& s, const std::string& path) {
  static const pb::Value* const kNull = new pb::Value();
  const pb::Struct* at = &s;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    auto it = at->fields().find(parts[i]);
    if (it == at->fields().end()) return *kNull;
    if (i + 1 == parts.size()) return it->second;
    if (!it->second.has_struct_value()) return *kNull;
    at = &it->second.struct_value();
  }
  return *kNull;
}

std::string Text(const pb::Struct& s, const std::string& path) {
  return Field(s, path).string_value();
}

// Sets a string at a dotted path, creating the objects on the way.
void Set(pb::Struct& s, const std::string& path, const std::string& value) {
  pb::Struct* at = &s;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    at = (*at->mutable_fields())[parts[i]].mutable_struct_value();
  }
  (*at->mutable_fields())[parts.back()].set_string_value(value);
}

void Remove(pb::Struct& s, const std::string& path) {
  pb::Struct* at = &s;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    at = (*at->mutable_fields())[parts[i]].mutable_struct_value();
  }
  at->mutable_fields()->erase(parts.back());
}

}  // namespace fieldservice::testing
