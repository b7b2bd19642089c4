// Checks the bytes of a request against its message type before protobuf
// parses it, so that a caller's mistake in the encoding is answered with
// INVALID_ARGUMENT naming the field instead of gRPC's bare INTERNAL:
// - a proto3 `string` field holding invalid UTF-8 (protobuf refuses the whole
//   message and only logs which field);
// - an enum field holding a number its enum does not define (proto3 keeps it
//   silently, so `deadline_filter = 7` would mean "no filter");
// - bytes that are not a protobuf encoding at all.
#ifndef FIELDSERVICE_COMMON_REQUEST_CHECK_H_
#define FIELDSERVICE_COMMON_REQUEST_CHECK_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/zero_copy_stream.h>

#include "absl/status/status.h"

namespace fieldservice::common {

// OK when the serialized `type` read from `input` is fine; else
// INVALID_ARGUMENT with every bad field and its path ("customer.name",
// "items.kind") as field violations, or naming the message type when the
// bytes are not a protobuf encoding at all.
absl::Status CheckRequestBytes(const google::protobuf::Descriptor& type,
                               google::protobuf::io::ZeroCopyInputStream& input);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_REQUEST_CHECK_H_
