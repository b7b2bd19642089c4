#include "services/common/request_check.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/common.h>
#include <google/protobuf/wire_format_lite.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/utf8.h"

namespace fieldservice::common {
namespace {

namespace pb = ::google::protobuf;
using pb::internal::WireFormatLite;

// Walks one message's fields as protobuf's parser would, recording problems.
// Returns false when the bytes are not a valid encoding.
class Walker {
 public:
  Walker(pb::io::CodedInputStream& in, std::vector<FieldViolation>& out) : in_(in), out_(out) {}

  bool Message(const pb::Descriptor& type, const std::string& prefix) {
    while (true) {
      const uint32_t tag = in_.ReadTag();
      // Tag 0 is never valid: the end of the message, or garbage.
      if (tag == 0) return in_.ConsumedEntireMessage();
      const pb::FieldDescriptor* field =
          type.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
      if (field == nullptr) {  // unknown to this version: kept, not checked
        if (!WireFormatLite::SkipField(&in_, tag)) return false;
        continue;
      }
      const std::string path = prefix + field->name();
      switch (WireFormatLite::GetTagWireType(tag)) {
        case WireFormatLite::WIRETYPE_VARINT: {
          uint64_t value = 0;
          if (!in_.ReadVarint64(&value)) return false;
          CheckEnum(*field, path, value);
          break;
        }
        case WireFormatLite::WIRETYPE_LENGTH_DELIMITED:
          if (!LengthDelimited(*field, path)) return false;
          break;
        default:
          if (!WireFormatLite::SkipField(&in_, tag)) return false;
      }
    }
  }

 private:
  bool LengthDelimited(const pb::FieldDescriptor& field, const std::string& path) {
    uint32_t length = 0;
    if (!in_.ReadVarint32(&length)) return false;
    if (field.type() == pb::FieldDescriptor::TYPE_STRING) {
      std::string value;
      if (!in_.ReadString(&value, static_cast<int>(length))) return false;
      // Protobuf enforces UTF-8 on proto3 strings only.
      if (field.file()->syntax() == pb::FileDescriptor::SYNTAX_PROTO3 && !IsValidUtf8(value)) {
        out_.push_back({path, "is not valid UTF-8; string fields carry UTF-8 text only"});
      }
      return true;
    }
    if (field.type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      auto [limit, budget] = in_.IncrementRecursionDepthAndPushLimit(static_cast<int>(length));
      if (budget < 0) return false;
      if (!Message(*field.message_type(), path + ".")) return false;
      return in_.DecrementRecursionDepthAndPopLimit(limit);
    }
    if (field.type() == pb::FieldDescriptor::TYPE_ENUM && field.is_repeated()) {  // packed
      const pb::io::CodedInputStream::Limit limit = in_.PushLimit(static_cast<int>(length));
      while (in_.BytesUntilLimit() > 0) {
        uint64_t value = 0;
        if (!in_.ReadVarint64(&value)) return false;
        CheckEnum(field, path, value);
      }
      in_.PopLimit(limit);
      return true;
    }
    return in_.Skip(static_cast<int>(length));
  }

  void CheckEnum(const pb::FieldDescriptor& field, const std::string& path, uint64_t wire) {
    if (field.type() != pb::FieldDescriptor::TYPE_ENUM) return;
    // Enums travel as int32 sign-extended to 64 bits.
    const int32_t value = static_cast<int32_t>(wire);
    if (field.enum_type()->FindValueByNumber(value) != nullptr) return;
    out_.push_back({path, absl::StrCat("value ", value, " is not a known ",
                                       field.enum_type()->full_name(), " value")});
  }

  pb::io::CodedInputStream& in_;
  std::vector<FieldViolation>& out_;
};

}  // namespace

absl::Status CheckRequestBytes(const pb::Descriptor& type, pb::io::ZeroCopyInputStream& input) {
  std::vector<FieldViolation> problems;
  pb::io::CodedInputStream in(&input);
  if (!Walker(in, problems).Message(type, "")) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request is not a valid protobuf encoding of ", type.full_name()));
  }
  return problems.empty() ? absl::OkStatus() : InvalidArgumentError(problems);
}

}  // namespace fieldservice::common
