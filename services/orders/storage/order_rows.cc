#include "services/orders/storage/order_rows.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "services/orders/domain/deadlines.h"
#include "services/orders/domain/names.h"
#include "services/orders/domain/state_machine.h"
#include "services/orders/storage/stored_value.h"
#include "services/orders/storage/visit_rows.h"
#include "services/orders/storage/warranty_rows.h"

namespace fieldservice::orders::rows {
namespace {

using common::GetOptionalTime;
using common::GetTime;
using common::Statement;

// The changeable columns, in the order BindData binds them. Keep the two in
// step: a test round-trips every field through the database.
constexpr const char* kDataColumns[] = {"status",
                                        "contact_type",
                                        "service_mode",
                                        "channel",
                                        "customer_name",
                                        "customer_phone",
                                        "region_code",
                                        "address_detail",
                                        "latitude",
                                        "longitude",
                                        "product_category",
                                        "product_brand",
                                        "product_model",
                                        "product_serial",
                                        "purchase_date",
                                        "invoice_number",
                                        "warranty_card_present",
                                        "proof_altered",
                                        "fault_description",
                                        "symptom_code",
                                        "onsite_authorization_ref",
                                        "preferred_start",
                                        "preferred_end",
                                        "taking_agent",
                                        "owner_agent",
                                        "call_ended_at",
                                        "technician_id",
                                        "appointment_start",
                                        "appointment_end",
                                        "promised_completion_at",
                                        "resolution_note",
                                        "follow_up_due_at",
                                        "follow_up_note",
                                        "follow_up_done_at",
                                        "is_complaint",
                                        "complaint_severity",
                                        "complaint_major_kind",
                                        "complaint_grounds",
                                        "complaint_reason",
                                        "complaint_affected_units",
                                        "complaint_units_sold",
                                        "complaint_property_loss_fen",
                                        "escalated_at",
                                        "specialist_contact_due_at",
                                        "specialist_contacted_at",
                                        "specialist",
                                        "read_back",
                                        "reopen_count",
                                        "last_event_seq",
                                        "version",
                                        "updated_at",
                                        "warranty_state",
                                        "warranty_decision",
                                        "warranty_coverage",
                                        "warranty_summary",
                                        "warranty_decided_at",
                                        "warranty_problem",
                                        "warranty_request_id",
                                        "dispatch_version",
                                        "visit_summary",
                                        "callback_reported_visit",
                                        "callback_unreachable_visit"};
// Set once at insert, never updated.
constexpr const char* kIdentityColumns[] = {"order_number", "request_id", "request_fingerprint",
                                            "created_at"};

std::string Str(std::string_view v) { return std::string(v); }

std::string Text(sql::ResultSet& rs, const char* column) { return rs.getString(column); }

std::optional<std::string> DateText(const std::optional<absl::CivilDay>& d) {
  if (!d.has_value()) return std::nullopt;
  return absl::FormatCivilTime(*d);
}

std::string GroundsText(const std::vector<CrisisGround>& grounds) {
  std::vector<std::string> names;
  for (CrisisGround g : grounds) names.push_back(Str(CrisisGroundName(g)));
  return absl::StrJoin(names, ",");
}

void BindData(Statement& st, const RepairOrder& o) {
  const NewOrder& d = o.details;
  const Complaint empty_complaint;
  const Complaint& c = d.complaint.has_value() ? *d.complaint : empty_complaint;
  std::optional<double> lat, lng;
  if (d.customer.address.location.has_value()) {
    lat = d.customer.address.location->latitude;
    lng = d.customer.address.location->longitude;
  }
  auto start = [](const std::optional<TimeWindow>& w) {
    return w.has_value() ? std::optional<absl::Time>(w->start) : std::nullopt;
  };
  auto end = [](const std::optional<TimeWindow>& w) {
    return w.has_value() ? std::optional<absl::Time>(w->end) : std::nullopt;
  };
  st.Bind(Str(StatusName(o.status)))
      .Bind(Str(ContactTypeName(d.contact_type)))
      .Bind(Str(ServiceModeName(d.service_mode)))
      .Bind(Str(ChannelName(d.channel)))
      .Bind(d.customer.name)
      .Bind(d.customer.phone)
      .Bind(d.customer.address.region_code)
      .Bind(d.customer.address.detail)
      .Bind(lat)
      .Bind(lng)
      .Bind(d.product.category)
      .Bind(d.product.brand)
      .Bind(d.product.model)
      .Bind(d.product.serial)
      .Bind(DateText(d.product.purchase_date))
      .Bind(d.product.invoice_number)
      .Bind(d.product.warranty_card_present)
      .Bind(d.product.proof_altered)
      .Bind(d.fault_description)
      .Bind(d.symptom_code)
      .Bind(d.onsite_authorization_ref)
      .Bind(start(d.preferred_window))
      .Bind(end(d.preferred_window))
      .Bind(d.taking_agent)
      .Bind(o.owner_agent)
      .Bind(d.call_ended_at)
      .Bind(o.technician_id)
      .Bind(start(o.appointment))
      .Bind(end(o.appointment))
      .Bind(o.promised_completion)
      .Bind(o.resolution_note)
      .Bind(o.follow_up_due)
      .Bind(o.follow_up_note)
      .Bind(o.follow_up_done_at)
      .Bind(d.complaint.has_value())
      .Bind(Str(ComplaintSeverityName(c.severity)))
      .Bind(Str(MajorComplaintKindName(c.major_kind)))
      .Bind(GroundsText(c.crisis_grounds))
      .Bind(c.reason)
      .Bind(c.affected_units)
      .Bind(c.units_sold)
      .Bind(c.property_loss_fen)
      .Bind(c.escalated_at)
      .Bind(c.specialist_contact_due)
      .Bind(c.specialist_contacted_at)
      .Bind(o.specialist)
      .Bind(o.read_back)
      .Bind(o.reopen_count)
      .Bind(o.last_event_sequence)
      .Bind(o.version)
      .Bind(o.updated_at)
      .Bind(Str(WarrantyStateName(o.warranty.state)))
      .Bind(o.warranty.decision)
      .Bind(o.warranty.coverage)
      .Bind(o.warranty.summary)
      .Bind(o.warranty.decided_at)
      .Bind(o.warranty.problem)
      .Bind(o.warranty.request_id)
      .Bind(o.dispatch_version)
      .Bind(o.visit_summary)
      .Bind(o.callback_reported_visit)
      .Bind(o.callback_unreachable_visit);
  BindWarranty(st, o);
  BindVisit(st, o);
}

// Every changeable column: the order's own, then the 三包 claim and decision,
// then the visit's record.
std::vector<std::string> DataColumns() {
  std::vector<std::string> columns(std::begin(kDataColumns), std::end(kDataColumns));
  for (const char* c : WarrantyColumns()) columns.emplace_back(c);
  for (const char* c : VisitColumns()) columns.emplace_back(c);
  return columns;
}

std::optional<TimeWindow> ReadWindow(sql::ResultSet& rs, const char* start, const char* end) {
  auto s = GetOptionalTime(rs, start);
  auto e = GetOptionalTime(rs, end);
  if (!s.has_value() || !e.has_value()) return std::nullopt;
  return TimeWindow{*s, *e};
}

}  // namespace

const std::string& SelectOrderSql() {
  static const std::string* sql =
      new std::string(absl::StrCat("SELECT o.id, ", absl::StrJoin(kIdentityColumns, ", "), ", ",
                                   absl::StrJoin(DataColumns(), ", "), " FROM repair_orders o"));
  return *sql;
}

const std::string& InsertOrderSql() {
  static const std::string* sql = [] {
    size_t n = std::size(kIdentityColumns) + DataColumns().size();
    std::vector<std::string> marks(n, "?");
    return new std::string(absl::StrCat(
        "INSERT INTO repair_orders (", absl::StrJoin(kIdentityColumns, ", "), ", ",
        absl::StrJoin(DataColumns(), ", "), ") VALUES (", absl::StrJoin(marks, ", "), ")"));
  }();
  return *sql;
}

const std::string& UpdateOrderSql() {
  static const std::string* sql = [] {
    std::vector<std::string> sets;
    for (const std::string& c : DataColumns()) sets.push_back(absl::StrCat(c, " = ?"));
    return new std::string(
        absl::StrCat("UPDATE repair_orders SET ", absl::StrJoin(sets, ", "), " WHERE id = ?"));
  }();
  return *sql;
}

void BindInsert(Statement& st, const RepairOrder& order) {
  st.Bind(order.order_number)
      .Bind(order.request_id)
      .Bind(order.request_fingerprint)
      .Bind(order.created_at);
  BindData(st, order);
}

void BindUpdate(Statement& st, const RepairOrder& order) {
  BindData(st, order);
  st.Bind(order.id);
}

RepairOrder ReadOrder(sql::ResultSet& rs) {
  RepairOrder o;
  NewOrder& d = o.details;
  o.id = rs.getInt64("id");
  o.order_number = rs.getString("order_number");
  o.request_id = rs.getString("request_id");
  o.request_fingerprint = rs.getString("request_fingerprint");
  o.created_at = GetTime(rs, "created_at");
  o.status = Parsed(ParseStatus(Text(rs, "status")), "repair_orders.status");
  d.contact_type = Parsed(ParseContactType(Text(rs, "contact_type")), "repair_orders.contact_type");
  d.service_mode = Parsed(ParseServiceMode(Text(rs, "service_mode")), "repair_orders.service_mode");
  d.channel = Parsed(ParseChannel(Text(rs, "channel")), "repair_orders.channel");
  d.customer.name = rs.getString("customer_name");
  d.customer.phone = rs.getString("customer_phone");
  d.customer.address.region_code = rs.getString("region_code");
  d.customer.address.detail = rs.getString("address_detail");
  if (!rs.isNull("latitude") && !rs.isNull("longitude")) {
    d.customer.address.location = GeoPoint{static_cast<double>(rs.getDouble("latitude")),
                                           static_cast<double>(rs.getDouble("longitude"))};
  }
  d.product.category = rs.getString("product_category");
  d.product.brand = rs.getString("product_brand");
  d.product.model = rs.getString("product_model");
  d.product.serial = rs.getString("product_serial");
  d.product.purchase_date = ReadDate(rs, "repair_orders", "purchase_date");
  d.product.invoice_number = rs.getString("invoice_number");
  d.product.warranty_card_present = rs.getBoolean("warranty_card_present");
  d.product.proof_altered = rs.getBoolean("proof_altered");
  d.fault_description = rs.getString("fault_description");
  d.symptom_code = rs.getString("symptom_code");
  d.onsite_authorization_ref = rs.getString("onsite_authorization_ref");
  d.preferred_window = ReadWindow(rs, "preferred_start", "preferred_end");
  d.taking_agent = rs.getString("taking_agent");
  o.owner_agent = rs.getString("owner_agent");
  d.call_ended_at = GetTime(rs, "call_ended_at");
  o.technician_id = rs.getString("technician_id");
  o.appointment = ReadWindow(rs, "appointment_start", "appointment_end");
  o.promised_completion = GetOptionalTime(rs, "promised_completion_at");
  o.resolution_note = rs.getString("resolution_note");
  o.follow_up_due = GetOptionalTime(rs, "follow_up_due_at");
  o.follow_up_note = rs.getString("follow_up_note");
  o.follow_up_done_at = GetOptionalTime(rs, "follow_up_done_at");
  if (rs.getBoolean("is_complaint")) {
    Complaint c;
    c.severity = Parsed(ParseComplaintSeverity(Text(rs, "complaint_severity")),
                        "repair_orders.complaint_severity");
    c.major_kind = Parsed(ParseMajorComplaintKind(Text(rs, "complaint_major_kind")),
                          "repair_orders.complaint_major_kind");
    for (absl::string_view g :
         absl::StrSplit(std::string(rs.getString("complaint_grounds")), ',', absl::SkipEmpty())) {
      c.crisis_grounds.push_back(
          Parsed(ParseCrisisGround(std::string(g)), "repair_orders.complaint_grounds"));
    }
    c.reason = rs.getString("complaint_reason");
    c.affected_units = rs.getInt64("complaint_affected_units");
    c.units_sold = rs.getInt64("complaint_units_sold");
    c.property_loss_fen = rs.getInt64("complaint_property_loss_fen");
    c.escalated_at = GetOptionalTime(rs, "escalated_at");
    c.specialist_contact_due = GetOptionalTime(rs, "specialist_contact_due_at");
    c.specialist_contacted_at = GetOptionalTime(rs, "specialist_contacted_at");
    d.complaint = c;
  }
  o.specialist = rs.getString("specialist");
  o.read_back = rs.getString("read_back");
  o.reopen_count = rs.getInt("reopen_count");
  o.last_event_sequence = rs.getInt64("last_event_seq");
  o.version = rs.getInt64("version");
  o.updated_at = GetTime(rs, "updated_at");
  o.warranty.state =
      Parsed(ParseWarrantyState(Text(rs, "warranty_state")), "repair_orders.warranty_state");
  o.warranty.decision = rs.getString("warranty_decision");
  o.warranty.coverage = rs.getString("warranty_coverage");
  o.warranty.summary = rs.getString("warranty_summary");
  o.warranty.decided_at = GetOptionalTime(rs, "warranty_decided_at");
  o.warranty.problem = rs.getString("warranty_problem");
  o.warranty.request_id = rs.getString("warranty_request_id");
  o.dispatch_version = rs.getInt64("dispatch_version");
  o.visit_summary = rs.getString("visit_summary");
  o.callback_reported_visit = rs.getInt64("callback_reported_visit");
  o.callback_unreachable_visit = rs.getInt64("callback_unreachable_visit");
  ReadWarranty(rs, o);
  ReadVisit(rs, o);
  return o;
}

namespace {

// sweep_at is written, never read: NextSweepAt of the row, for the sweep's
// index (migration 0010).
constexpr char kDeadlineColumns[] =
    "order_id, kind, due_at, warn_at, met_at, warned_at, breached_at, closed_at";
// The same columns of the deadlines joined to an order as `d`.
constexpr char kJoinedDeadlineColumns[] =
    "order_id, d.kind, d.due_at, d.warn_at, d.met_at, d.warned_at, d.breached_at, d.closed_at";

OrderDeadline ReadDeadline(sql::ResultSet& rs) {
  OrderDeadline d;
  d.kind = Parsed(ParseDeadlineKind(Text(rs, "kind")), "order_deadlines.kind");
  d.due = GetTime(rs, "due_at");
  d.warn_at = GetTime(rs, "warn_at");
  d.met_at = GetOptionalTime(rs, "met_at");
  d.warned_at = GetOptionalTime(rs, "warned_at");
  d.breached_at = GetOptionalTime(rs, "breached_at");
  d.closed_at = GetOptionalTime(rs, "closed_at");
  return d;
}

}  // namespace

void LoadDeadlines(sql::Connection& c, std::vector<RepairOrder>& orders) {
  if (orders.empty()) return;
  std::vector<std::string> marks(orders.size(), "?");
  Statement st(
      c, absl::StrCat("SELECT ", kDeadlineColumns, " FROM order_deadlines WHERE order_id IN (",
                      absl::StrJoin(marks, ","), ") ORDER BY due_at, kind")
             .c_str());
  std::map<int64_t, RepairOrder*> by_id;
  for (RepairOrder& o : orders) {
    st.Bind(o.id);
    by_id[o.id] = &o;
  }
  auto rs = st.Query();
  while (rs->next()) by_id[rs->getInt64("order_id")]->deadlines.push_back(ReadDeadline(*rs));
}

// "(?, ?, ?), (?, ?, ?)": the value rows of a multi-row INSERT, so that an
// order's rows of one table go in one statement (one round trip).
std::string ValueRows(size_t rows, size_t columns) {
  std::vector<std::string> marks(columns, "?");
  std::vector<std::string> row(rows, absl::StrCat("(", absl::StrJoin(marks, ", "), ")"));
  return absl::StrJoin(row, ", ");
}

void InsertDeadlines(sql::Connection& c, const RepairOrder& order) {
  if (order.deadlines.empty()) return;
  Statement insert(c, absl::StrCat("INSERT INTO order_deadlines (", kDeadlineColumns,
                                   ", sweep_at) VALUES ", ValueRows(order.deadlines.size(), 9)));
  for (const OrderDeadline& d : order.deadlines) {
    insert.Bind(order.id)
        .Bind(Str(DeadlineKindName(d.kind)))
        .Bind(d.due)
        .Bind(d.warn_at)
        .Bind(d.met_at)
        .Bind(d.warned_at)
        .Bind(d.breached_at)
        .Bind(d.closed_at)
        .Bind(NextSweepAt(d));
  }
  insert.Execute();
}

bool SameDeadlines(const std::vector<OrderDeadline>& a, const std::vector<OrderDeadline>& b) {
  auto fields = [](const OrderDeadline& d) {
    return std::tie(d.kind, d.due, d.warn_at, d.met_at, d.warned_at, d.breached_at, d.closed_at);
  };
  return std::equal(
      a.begin(), a.end(), b.begin(), b.end(),
      [&](const OrderDeadline& x, const OrderDeadline& y) { return fields(x) == fields(y); });
}

void ReplaceDeadlines(sql::Connection& c, const RepairOrder& order) {
  Statement(c, "DELETE FROM order_deadlines WHERE order_id = ?").Bind(order.id).Execute();
  InsertDeadlines(c, order);
}

void InsertEvents(sql::Connection& c, int64_t order_id, const std::vector<AuditEvent>& events) {
  if (events.empty()) return;
  Statement insert(c, absl::StrCat("INSERT INTO order_events (order_id, seq, at, actor, action, "
                                   "event, from_status, to_status, reason, changed_fields) VALUES ",
                                   ValueRows(events.size(), 10)));
  for (const AuditEvent& e : events) {
    insert.Bind(order_id)
        .Bind(e.sequence)
        .Bind(e.at)
        .Bind(e.actor)
        .Bind(Str(AuditActionName(e.action)))
        .Bind(e.event.has_value() ? Str(EventName(*e.event)) : std::string())
        .Bind(Str(StatusName(e.from_status)))
        .Bind(Str(StatusName(e.to_status)))
        .Bind(e.reason)
        .Bind(absl::StrJoin(e.changed_fields, ","));
  }
  insert.Execute();
}

std::optional<RepairOrder> FindOrder(sql::Connection& c, const char* column,
                                     const std::string& value, bool for_update) {
  // One statement, the order's row once per deadline (or once with NULL
  // deadline columns): a read is one round trip instead of two. FOR UPDATE
  // locks the order's deadline rows with it, after it, the order every
  // writer of deadlines takes them in.
  static const std::string* joined = [] {
    std::vector<std::string> order_columns;
    for (const char* col : kIdentityColumns) order_columns.push_back(absl::StrCat("o.", col));
    for (const std::string& col : DataColumns()) order_columns.push_back(absl::StrCat("o.", col));
    return new std::string(absl::StrCat(
        "SELECT o.id, ", absl::StrJoin(order_columns, ", "), ", d.", kJoinedDeadlineColumns,
        " FROM repair_orders o LEFT JOIN order_deadlines d ON d.order_id = o.id"));
  }();
  // No ORDER BY: sorting the joined rows would cost the server a temporary
  // table and a filesort on every read; the few deadlines sort here.
  auto rs = Statement(c, absl::StrCat(*joined, " WHERE o.", column, " = ?",
                                      for_update ? " FOR UPDATE" : "")
                             .c_str())
                .Bind(value)
                .Query();
  if (!rs->next()) return std::nullopt;
  RepairOrder order = ReadOrder(*rs);
  do {
    if (!rs->isNull("kind")) order.deadlines.push_back(ReadDeadline(*rs));
  } while (rs->next());
  // As LoadDeadlines lists them: by due time, then kind (its stored name).
  std::sort(order.deadlines.begin(), order.deadlines.end(),
            [](const OrderDeadline& a, const OrderDeadline& b) {
              return std::make_tuple(a.due, DeadlineKindName(a.kind)) <
                     std::make_tuple(b.due, DeadlineKindName(b.kind));
            });
  return order;
}

void NumberEvents(RepairOrder& order, std::vector<AuditEvent>& events) {
  for (AuditEvent& e : events) e.sequence = ++order.last_event_sequence;
}

void AppendEvents(sql::Connection& c, RepairOrder& order, std::vector<AuditEvent>& events) {
  NumberEvents(order, events);
  InsertEvents(c, order.id, events);
}

AuditEvent ReadEvent(sql::ResultSet& rs) {
  AuditEvent e;
  e.sequence = rs.getInt64("seq");
  e.at = GetTime(rs, "at");
  e.actor = rs.getString("actor");
  e.action = Parsed(ParseAuditAction(Text(rs, "action")), "order_events.action");
  std::string event = rs.getString("event");
  if (!event.empty()) e.event = Parsed(ParseEvent(event), "order_events.event");
  e.from_status = Parsed(ParseStatus(Text(rs, "from_status")), "order_events.from_status");
  e.to_status = Parsed(ParseStatus(Text(rs, "to_status")), "order_events.to_status");
  e.reason = rs.getString("reason");
  e.changed_fields =
      absl::StrSplit(std::string(rs.getString("changed_fields")), ',', absl::SkipEmpty());
  return e;
}

}  // namespace fieldservice::orders::rows
