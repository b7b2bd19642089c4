// The one table of length limits for the warranty API's free-text fields.
// Each limit matches the column that stores the value (migrations/*.sql,
// utf8mb4 VARCHAR(n) counts characters) or, for values kept only inside the
// stored document, the catalogue's own id and name sizes; a value that is
// too long is refused naming the field, never truncated by the database.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_FIELD_LIMITS_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_FIELD_LIMITS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "services/common/errors.h"

namespace fieldservice::warranty {

struct FieldLimit {
  std::string_view field;  // the request path; "[]" stands for any index
  size_t max_chars;        // Unicode code points
};

inline constexpr FieldLimit kFieldLimits[] = {
    {"request_id", 64},                          // decisions.request_id VARCHAR(64)
    {"decision_id", 36},                         // decisions.decision_id CHAR(36)
    {"order", 64},                               // decisions.order_name VARCHAR(64)
    {"serial", 64},                              // decisions.serial VARCHAR(64) (ListDecisions)
    {"product.serial", 64},                      // decisions.serial VARCHAR(64)
    {"product.category", 64},                    // a catalogue id or Chinese name
    {"product.brand", 64},                       // as on the nameplate
    {"product.model", 64},                       // as on the nameplate
    {"product.brand_terms", 64},                 // a catalogue id
    {"fault.component", 64},                     // a catalogue id
    {"history.repairs[].component", 64},         // a catalogue id
    {"history.main_parts_replaced[].part", 64},  // a catalogue id
    {"catalogue.version", 64},                   // catalogues.version VARCHAR(64)
    {"catalogue.loaded_by", 128},                // catalogues.loaded_by VARCHAR(128)
};

// The limit of `field` (indices written as "[]"); 0 when the table has none,
// which is a programming error the tests catch.
size_t MaxChars(std::string_view field);

// Adds a violation on `path` (the field as sent, indices included) when
// `value` is longer than the limit of `field`.
void CheckLength(std::string_view field, const std::string& path, std::string_view value,
                 common::Violations& v);

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_FIELD_LIMITS_H_
