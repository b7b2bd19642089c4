// Identifiers: random ids for messages and requests, and the short order
// numbers that agents read out on the phone.
#ifndef FIELDSERVICE_COMMON_IDS_H_
#define FIELDSERVICE_COMMON_IDS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace fieldservice::common {

// A random RFC 4122 version-4 UUID in its canonical 36-character form, its
// 122 random bits from the operating system's generator (getrandom), so no
// caller can guess one from others.
std::string NewUuid();

// This machine's host name (the pod name under Kubernetes); "localhost" when
// it cannot be read. Stable across restarts of a process on the same host.
std::string HostName();

// The Damm check digit of a string of decimal digits. Damm catches every
// single-digit error and every swap of adjacent digits, the two mistakes
// people make reading numbers over the phone.
char DammCheckDigit(std::string_view digits);

// "YYMMDD" + the day's sequence (at least `min_sequence_digits`, zero padded,
// longer when the day runs past it) + a Damm check digit, e.g. 2611230427.
std::string FormatOrderNumber(absl::CivilDay business_day, int64_t sequence,
                              int min_sequence_digits = 3);

// Digits only, plausible length and a correct check digit.
bool IsWellFormedOrderNumber(std::string_view number);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_IDS_H_
