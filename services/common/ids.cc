#include "services/common/ids.h"

#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace fieldservice::common {
namespace {

// The Damm algorithm's totally anti-symmetric quasigroup of order 10.
constexpr int kDamm[10][10] = {{0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
                               {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
                               {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
                               {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
                               {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};

// YYMMDD + at least 3 sequence digits + 1 check digit.
constexpr size_t kMinOrderNumberLength = 10;
constexpr size_t kMaxOrderNumberLength = 16;

}  // namespace

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

std::string NewUuid() {
  // Straight from the kernel's generator: these ids reach callers (decision
  // ids, message ids), and a seeded PRNG such as mt19937 is predictable from
  // a few hundred of its outputs (and had only a 32-bit seed here).
  unsigned char bytes[16];
  size_t filled = 0;
  while (filled < sizeof bytes) {
    ssize_t n = getrandom(bytes + filled, sizeof bytes - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::perror("NewUuid: getrandom");
      std::abort();
    }
    filled += static_cast<size_t>(n);
  }
  uint64_t hi = 0;
  uint64_t lo = 0;
  for (int i = 0; i < 8; ++i) {
    hi = (hi << 8) | bytes[i];
    lo = (lo << 8) | bytes[8 + i];
  }
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff,
                         lo >> 48, lo & 0xffffffffffffULL);
}

char DammCheckDigit(std::string_view digits) {
  int interim = 0;
  for (char c : digits) interim = kDamm[interim][c - '0'];
  return static_cast<char>('0' + interim);
}

std::string FormatOrderNumber(absl::CivilDay business_day, int64_t sequence,
                              int min_sequence_digits) {
  std::string body =
      absl::StrFormat("%02d%02d%02d%0*d", business_day.year() % 100, business_day.month(),
                      business_day.day(), min_sequence_digits, sequence);
  body.push_back(DammCheckDigit(body));
  return body;
}

bool IsWellFormedOrderNumber(std::string_view number) {
  if (number.size() < kMinOrderNumberLength || number.size() > kMaxOrderNumberLength) {
    return false;
  }
  for (char c : number) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  // A correct number's digits, check digit included, reduce to 0.
  return DammCheckDigit(number) == '0';
}

}  // namespace fieldservice::common
